#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Crafts malformed device tree blobs for tests/bad: each one damages a good
blob (argv[1]) in one way and is written to argv[2]/NAME.dtb."""
import struct
import sys

good = bytearray(open(sys.argv[1], "rb").read())
out = sys.argv[2]
magic, total, off_struct, off_strings, off_rsv, version, last_comp, boot_cpu, size_strings, size_struct = \
    struct.unpack(">10I", good[:40])


def write(name, data):
    open(f"{out}/{name}.dtb", "wb").write(bytes(data))


def patched(offset, fmt, value):
    b = bytearray(good)
    struct.pack_into(fmt, b, offset, value)
    return b


# Header fields that point outside the blob or overlap each other.
write("struct-past-end", patched(8, ">I", total + 0x1000))
write("strings-overlap-struct", patched(12, ">I", off_struct + 8))
write("rsvmap-inside-struct", patched(16, ">I", off_struct + 4))
write("version-16-old", patched(20, ">I", 16))
write("size-struct-huge", patched(36, ">I", 0x7ffffff0))
# The first property after the root's name: a huge length and a name offset
# beyond the strings block.
FDT_BEGIN_NODE, FDT_PROP = 1, 3
p = off_struct
assert struct.unpack_from(">I", good, p)[0] == FDT_BEGIN_NODE
p += 4
while good[p] != 0:
    p += 1
p = (p + 4) & ~3
assert struct.unpack_from(">I", good, p)[0] == FDT_PROP, "root has no property"
write("prop-length-huge", patched(p + 4, ">I", 0x7fffffff))
write("prop-nameoff-bad", patched(p + 8, ">I", size_strings + 100))
# A length that makes the property's end its own start: libfdt 1.6.1's
# fdt_check_full loops forever on it.
write("prop-length-self", patched(p + 4, ">I", 0xfffffff4))
# A token that is none of the structure-block tokens.
write("bad-token", patched(p, ">I", 0x77))
# A node name with a space in it (libfdt accepts it, dtpart must not).
q = good.find(b"axi\0")
if q > 0:
    b = bytearray(good)
    b[q:q + 3] = b"a i"
    write("node-name-space", b)
