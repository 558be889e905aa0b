/* bcryptprimitives.dll for Wine < 8.13, test use only (make windows-test).
 *
 * Go >= 1.22 programs call ProcessPrng from bcryptprimitives.dll at start and stop with
 * "bcryptprimitives.dll not found" when it is missing. Wine 8.0 lacks the DLL; this one
 * exports ProcessPrng on top of advapi32's RtlGenRandom (SystemFunction036). It goes
 * into the private Wine prefix's system32, never into a release. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	while (len > 0) {
		ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
		if (!SystemFunction036(data, chunk))
			return FALSE;
		data += chunk;
		len -= chunk;
	}
	return TRUE;
}
