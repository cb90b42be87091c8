from rop.cli import main

main()
