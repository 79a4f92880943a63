"""The IDX parser: the format's header, and every way a file can be malformed."""

import numpy as np
import pytest

from fashionbook.idx import IDXFormatError, idx_bytes, parse_idx


@pytest.mark.parametrize("shape", [(5,), (2, 28, 28), (0,)])
def test_parse_idx_inverts_idx_bytes(shape):
    array = np.arange(np.prod(shape), dtype=np.uint8).reshape(shape)
    parsed = parse_idx(idx_bytes(array))
    assert parsed.shape == shape
    np.testing.assert_array_equal(parsed, array)


def test_parse_idx_returns_a_writable_array():
    parsed = parse_idx(idx_bytes(np.zeros(3, dtype=np.uint8)))
    parsed[0] = 1  # learners normalize in place; Keras's arrays allow it too
    assert parsed[0] == 1


def test_parse_idx_reads_the_header_as_big_endian():
    header = bytes([0, 0, 8, 2, 0, 0, 1, 0, 0, 0, 0, 1])  # shape (256, 1)
    assert parse_idx(header + bytes(256)).shape == (256, 1)


@pytest.mark.parametrize(
    "data, message",
    [
        (b"\x00\x00", "too few"),
        (bytes([0, 0, 0x0D, 1, 0, 0, 0, 1]) + bytes(4), "wrong magic number 0x00000d01"),
        (bytes([1, 0, 8, 1, 0, 0, 0, 1, 7]), "wrong magic number"),
        (bytes([0, 0, 8, 3, 0, 0, 0, 1]), "ends inside its header"),
        (bytes([0, 0, 8, 1, 0, 0, 0, 5, 1, 2]), "truncated"),
        (bytes([0, 0, 8, 1, 0, 0, 0, 1, 1, 2]), "truncated or corrupted"),
    ],
    ids=["too-short", "float-type", "nonzero-first-byte", "short-header", "short-data", "extra-data"],
)
def test_parse_idx_refuses_malformed_files(data, message):
    with pytest.raises(IDXFormatError, match=message):
        parse_idx(data)


def test_parse_idx_refuses_labels_where_images_are_expected():
    labels = idx_bytes(np.zeros(4, dtype=np.uint8))
    with pytest.raises(IDXFormatError, match=r"0x00000801 \(1-D data\), expected 0x00000803"):
        parse_idx(labels, expected_ndim=3)


def test_idx_bytes_refuses_other_dtypes():
    with pytest.raises(TypeError, match="dtype float64, expected uint8"):
        idx_bytes(np.zeros(3))
