package glovefile

import "unsafe"

// bytesAsInt8 reinterprets b as int8 without copying; int8 and byte have the
// same size and alignment.
func bytesAsInt8(b []byte) []int8 {
	if len(b) == 0 {
		return nil
	}
	return unsafe.Slice((*int8)(unsafe.Pointer(&b[0])), len(b))
}
