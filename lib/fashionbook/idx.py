"""Read the IDX file format in which MNIST and Fashion-MNIST are published.

An IDX file is a tiny header followed by raw bytes::

    bytes 0-1   always zero
    byte  2     the type of each value (0x08: unsigned byte, the only one used here)
    byte  3     the number of dimensions, d
    next 4*d    each dimension as a big-endian 32-bit integer
    the rest    the values, in C order

Bytes 0-3 read as one big-endian integer are the "magic number": 2051 (0x00000803)
for an image file (3-D), 2049 (0x00000801) for a label file (1-D).
"""

from __future__ import annotations

import numpy as np

UNSIGNED_BYTE = 0x08


class IDXFormatError(ValueError):
    """The bytes are not a well-formed IDX file of unsigned bytes."""


def parse_idx(data: bytes, expected_ndim: int | None = None) -> np.ndarray:
    """Turn the bytes of an IDX file into a NumPy array.

    Parameters
    ----------
    data : bytes
        The whole (decompressed) file.
    expected_ndim : int, optional
        The number of dimensions the caller expects (3 for images, 1 for labels).
        A file with another number has the wrong magic number and is refused.

    Returns
    -------
    numpy.ndarray
        A writable ``uint8`` array with the shape the header declares.

    Raises
    ------
    IDXFormatError
        If the magic number is wrong, or the file is shorter or longer than its
        header says.

    Examples
    --------
    >>> parse_idx(bytes([0, 0, 8, 1, 0, 0, 0, 3, 7, 8, 9]))
    array([7, 8, 9], dtype=uint8)
    """
    if len(data) < 4:
        raise IDXFormatError(f"the file has {len(data)} bytes, too few for an IDX header")
    zeros, dtype_code, ndim = data[:2], data[2], data[3]
    magic = int.from_bytes(data[:4], "big")
    if zeros != b"\x00\x00" or dtype_code != UNSIGNED_BYTE:
        raise IDXFormatError(
            f"wrong magic number 0x{magic:08x}: an IDX file of unsigned bytes "
            f"starts with 0x000008 followed by its number of dimensions"
        )
    if expected_ndim is not None and ndim != expected_ndim:
        raise IDXFormatError(
            f"wrong magic number 0x{magic:08x} ({ndim}-D data), "
            f"expected 0x{0x800 + expected_ndim:08x} ({expected_ndim}-D data)"
        )

    header_size = 4 + 4 * ndim
    if len(data) < header_size:
        raise IDXFormatError(f"the file ends inside its header ({len(data)} bytes)")
    shape = tuple(
        int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim)
    )
    expected_size = header_size + int(np.prod(shape, dtype=np.int64))
    if len(data) != expected_size:
        raise IDXFormatError(
            f"the header declares shape {shape}, which needs {expected_size} bytes, "
            f"but the file has {len(data)} bytes (truncated or corrupted)"
        )
    return np.frombuffer(data, dtype=np.uint8, offset=header_size).reshape(shape).copy()


def idx_bytes(array: np.ndarray) -> bytes:
    """Write a ``uint8`` array in the IDX format (the inverse of :func:`parse_idx`).

    Examples
    --------
    >>> idx_bytes(np.array([7, 8, 9], dtype=np.uint8))
    b'\\x00\\x00\\x08\\x01\\x00\\x00\\x00\\x03\\x07\\x08\\t'
    """
    array = np.asarray(array)
    if array.dtype != np.uint8:
        raise TypeError(f"array has dtype {array.dtype}, expected uint8")
    header = bytes([0, 0, UNSIGNED_BYTE, array.ndim])
    header += b"".join(n.to_bytes(4, "big") for n in array.shape)
    return header + array.tobytes()
