"""``python -m graphbuild``: the same command line as the ``graphbuild`` script."""

from graphbuild.cli import main

if __name__ == "__main__":
    main()
