// bcryptprimitives.dll stand-in for Debian 12's wine 8.0, for the tests only (scripts/windows-test.sh):
// ProcessPrng, which Rust's standard library imports on Windows, over RtlGenRandom
// (SystemFunction036). Never shipped: Windows 10 and 11 have the real DLL.
#include <windows.h>
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);
BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
  while (len > 0) {
    ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
    if (!SystemFunction036(data, n)) return FALSE;
    data += n;
    len -= n;
  }
  return TRUE;
}
