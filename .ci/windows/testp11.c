/*
 * qlhoi-test-p11.dll: a PKCS#11 module for the Windows test under Wine. It stands in
 * for a CA's token library: one slot with a token "qlhoi thu" (PIN 1234) that holds no
 * certificate; with QLHOI_TEST_P11_EMPTY set, the slot has no token (a token pulled
 * out). Built with mingw against the headers of github.com/miekg/pkcs11, packed as
 * PKCS#11 requires on Windows. Every function not written here answers
 * CKR_FUNCTION_NOT_SUPPORTED.
 */
#include <stdlib.h>
#include <string.h>
#define PACKED_STRUCTURES
#include "pkcs11go.h"

#define EXPORT __declspec(dllexport)

static CK_RV unsupported(void) { return CKR_FUNCTION_NOT_SUPPORTED; }

static void pad(CK_UTF8CHAR *dst, const char *s, size_t n) {
	memset(dst, ' ', n);
	memcpy(dst, s, strlen(s) < n ? strlen(s) : n);
}

static int present(void) { return getenv("QLHOI_TEST_P11_EMPTY") == NULL; }

static CK_RV initialize(CK_VOID_PTR args) { (void)args; return CKR_OK; }
static CK_RV finalize(CK_VOID_PTR r) { (void)r; return CKR_OK; }

static CK_RV get_info(CK_INFO_PTR info) {
	memset(info, 0, sizeof *info);
	info->cryptokiVersion.major = 2;
	info->cryptokiVersion.minor = 40;
	pad(info->manufacturerID, "qlhoi", 32);
	pad(info->libraryDescription, "qlhoi test module", 32);
	return CKR_OK;
}

static CK_RV get_slot_list(CK_BBOOL token_present, CK_SLOT_ID_PTR list, CK_ULONG_PTR count) {
	CK_ULONG n = (!token_present || present()) ? 1 : 0;
	if (list != NULL_PTR) {
		if (*count < n) { *count = n; return CKR_BUFFER_TOO_SMALL; }
		if (n) list[0] = 1;
	}
	*count = n;
	return CKR_OK;
}

static CK_RV get_slot_info(CK_SLOT_ID slot, CK_SLOT_INFO_PTR info) {
	if (slot != 1) return CKR_SLOT_ID_INVALID;
	memset(info, 0, sizeof *info);
	pad(info->slotDescription, "qlhoi test slot", 64);
	pad(info->manufacturerID, "qlhoi", 32);
	info->flags = CKF_REMOVABLE_DEVICE | CKF_HW_SLOT | (present() ? CKF_TOKEN_PRESENT : 0);
	return CKR_OK;
}

static CK_RV get_token_info(CK_SLOT_ID slot, CK_TOKEN_INFO_PTR info) {
	if (slot != 1) return CKR_SLOT_ID_INVALID;
	if (!present()) return CKR_TOKEN_NOT_PRESENT;
	memset(info, 0, sizeof *info);
	pad(info->label, "qlhoi thu", 32);
	pad(info->manufacturerID, "qlhoi", 32);
	pad(info->model, "test", 16);
	pad(info->serialNumber, "0001", 16);
	info->flags = CKF_TOKEN_INITIALIZED | CKF_USER_PIN_INITIALIZED | CKF_LOGIN_REQUIRED;
	info->ulMaxSessionCount = CK_EFFECTIVELY_INFINITE;
	info->ulMaxRwSessionCount = CK_EFFECTIVELY_INFINITE;
	info->ulMaxPinLen = 16;
	info->ulMinPinLen = 4;
	return CKR_OK;
}

static CK_RV open_session(CK_SLOT_ID slot, CK_FLAGS flags, CK_VOID_PTR app, CK_NOTIFY notify, CK_SESSION_HANDLE_PTR session) {
	(void)flags; (void)app; (void)notify;
	if (slot != 1) return CKR_SLOT_ID_INVALID;
	if (!present()) return CKR_TOKEN_NOT_PRESENT;
	*session = 1;
	return CKR_OK;
}

static CK_RV close_session(CK_SESSION_HANDLE s) { (void)s; return CKR_OK; }
static CK_RV close_all(CK_SLOT_ID slot) { (void)slot; return CKR_OK; }

static CK_RV get_session_info(CK_SESSION_HANDLE s, CK_SESSION_INFO_PTR info) {
	(void)s;
	memset(info, 0, sizeof *info);
	info->slotID = 1;
	info->state = CKS_RW_USER_FUNCTIONS;
	info->flags = CKF_SERIAL_SESSION | CKF_RW_SESSION;
	return CKR_OK;
}

static CK_RV login(CK_SESSION_HANDLE s, CK_USER_TYPE who, CK_UTF8CHAR_PTR pin, CK_ULONG len) {
	(void)s; (void)who;
	if (len == 4 && memcmp(pin, "1234", 4) == 0) return CKR_OK;
	return CKR_PIN_INCORRECT;
}

static CK_RV logout(CK_SESSION_HANDLE s) { (void)s; return CKR_OK; }

static CK_RV find_init(CK_SESSION_HANDLE s, CK_ATTRIBUTE_PTR t, CK_ULONG n) { (void)s; (void)t; (void)n; return CKR_OK; }
static CK_RV find(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE_PTR h, CK_ULONG max, CK_ULONG_PTR n) { (void)s; (void)h; (void)max; *n = 0; return CKR_OK; }
static CK_RV find_final(CK_SESSION_HANDLE s) { (void)s; return CKR_OK; }

static CK_FUNCTION_LIST functions;

EXPORT CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR list) {
	/* Every entry first answers "not supported", then the ones written above. */
	void **slot = (void **)((char *)&functions + sizeof(CK_VERSION));
	size_t n = (sizeof functions - sizeof(CK_VERSION)) / sizeof(void *);
	for (size_t i = 0; i < n; i++) {
		void *f = (void *)unsupported;
		memcpy((char *)slot + i * sizeof(void *), &f, sizeof f);
	}
	functions.version.major = 2;
	functions.version.minor = 40;
	functions.C_Initialize = initialize;
	functions.C_Finalize = finalize;
	functions.C_GetInfo = get_info;
	functions.C_GetFunctionList = C_GetFunctionList;
	functions.C_GetSlotList = get_slot_list;
	functions.C_GetSlotInfo = get_slot_info;
	functions.C_GetTokenInfo = get_token_info;
	functions.C_OpenSession = open_session;
	functions.C_CloseSession = close_session;
	functions.C_CloseAllSessions = close_all;
	functions.C_GetSessionInfo = get_session_info;
	functions.C_Login = login;
	functions.C_Logout = logout;
	functions.C_FindObjectsInit = find_init;
	functions.C_FindObjects = find;
	functions.C_FindObjectsFinal = find_final;
	*list = &functions;
	return CKR_OK;
}
