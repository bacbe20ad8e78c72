from dm05.cli import main

main()
