from mesocost.cli import main

raise SystemExit(main())
