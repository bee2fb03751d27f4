#!/usr/bin/env python
import sys

from abadi.cli import run_manage

if __name__ == "__main__":
    run_manage(sys.argv)
