"""``python -m fashionbook [--no-download]``: make sure the data is here, and say where.

Used by ``make book`` and ``make test``: it finds (or downloads) and verifies the four
Fashion-MNIST files, so that no chapter starts without them. With ``--no-download`` it
only looks, and exits with 1 if the data is not on this machine.
"""

import argparse
import sys

from fashionbook.data import FashionMNISTError, load_fashion_mnist, locate_files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fashionbook", description=__doc__)
    parser.add_argument(
        "--no-download", action="store_true", help="only look on this machine"
    )
    args = parser.parse_args(argv)
    try:
        folder = locate_files(download=not args.no_download)["train_images"].parent
        load_fashion_mnist(folder)  # reads and verifies every file
    except FashionMNISTError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"Fashion-MNIST: the four files in {folder} are verified.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
