from dm05.cli import main

if __name__ == "__main__":  # required for the process pool on Windows, which re-imports this module
    main()
