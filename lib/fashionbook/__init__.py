"""fashionbook: the code behind the open textbook "Fashion-MNIST, from pixels to neurons".

Each module holds one idea of the book; the chapters import from them and show their
source, so the page and the tested code are the same text.
"""

__version__ = "0.1.0"
