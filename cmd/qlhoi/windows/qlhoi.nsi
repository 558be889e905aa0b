; qlhoi's Windows installer (make installer → bin/qlhoi-VERSION-setup.exe), NSIS 3.
;
; Per user without administrator rights by default (office PCs are locked down); an
; administrator may choose all users (page, or /AllUsers on the command line). Start-menu
; and desktop shortcuts, .qlb bundles open qlhoi straight into the import preview
; (qlhoi.exe --import FILE), an uninstaller that keeps the user's data (%APPDATA%\qlhoi)
; unless asked (its "delete data" component, or /DELETEDATA when silent).
;
; makensis -DVERSION=0.9.0 -DROOT=<repository> -DOUTFILE=<setup.exe> cmd/qlhoi/windows/qlhoi.nsi

; 64-bit like qlhoi.exe (and Debian's Wine 8 runs only 64-bit programs without wine32).
Target amd64-unicode
ManifestDPIAware true
SetCompressor /SOLID lzma

!ifndef VERSION | ROOT | OUTFILE
  !error "define VERSION, ROOT and OUTFILE"
!endif

!define PRODUCT "qlhoi – Quản lý Hội quần chúng"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\qlhoi"
!define PROGID "qlhoi.bundle"

Name "${PRODUCT}"
OutFile "${OUTFILE}"
BrandingText "qlhoi ${VERSION}"

!define MULTIUSER_EXECUTIONLEVEL Highest
!define MULTIUSER_MUI
!define MULTIUSER_INSTALLMODE_COMMANDLINE
!define MULTIUSER_INSTALLMODE_DEFAULT_CURRENTUSER
!define MULTIUSER_INSTALLMODE_INSTDIR "qlhoi"
!define MULTIUSER_USE_PROGRAMFILES64
!include MultiUser.nsh
!include MUI2.nsh
!include FileFunc.nsh
!include LogicLib.nsh
!include Sections.nsh

!define MUI_ICON "${ROOT}\bin\winres\qlhoi.ico"
!define MUI_UNICON "${ROOT}\bin\winres\qlhoi.ico"
!define MUI_ABORTWARNING
!define MUI_LANGDLL_REGISTRY_ROOT HKCU
!define MUI_LANGDLL_REGISTRY_KEY "Software\qlhoi"
!define MUI_LANGDLL_REGISTRY_VALUENAME "Installer Language"
!define MUI_COMPONENTSPAGE_NODESC

!insertmacro MUI_PAGE_WELCOME
!insertmacro MULTIUSER_PAGE_INSTALLMODE
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\qlhoi.exe"
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the default; the language dialog offers both.
!insertmacro MUI_LANGUAGE "Vietnamese"
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_RESERVEFILE_LANGDLL

LangString SecApp ${LANG_VIETNAMESE} "Chương trình qlhoi"
LangString SecApp ${LANG_ENGLISH} "qlhoi program"
LangString SecDesktop ${LANG_VIETNAMESE} "Biểu tượng trên màn hình nền"
LangString SecDesktop ${LANG_ENGLISH} "Desktop shortcut"
LangString SecAssoc ${LANG_VIETNAMESE} "Mở gói dữ liệu .qlb bằng qlhoi"
LangString SecAssoc ${LANG_ENGLISH} "Open .qlb data bundles with qlhoi"
LangString BundleType ${LANG_VIETNAMESE} "Gói dữ liệu qlhoi"
LangString BundleType ${LANG_ENGLISH} "qlhoi data bundle"
LangString UnSecApp ${LANG_VIETNAMESE} "Gỡ chương trình (giữ lại dữ liệu)"
LangString UnSecApp ${LANG_ENGLISH} "Remove the program (keep the data)"
LangString UnSecData ${LANG_VIETNAMESE} "Xóa cả dữ liệu (cơ sở dữ liệu, bản sao lưu) – không lấy lại được"
LangString UnSecData ${LANG_ENGLISH} "Also delete the data (database, backups) – cannot be undone"
LangString DataKept ${LANG_VIETNAMESE} "Dữ liệu vẫn giữ trong $0"
LangString DataKept ${LANG_ENGLISH} "The data is kept in $0"

VIProductVersion "${VERSION}.0"
VIFileVersion "${VERSION}.0"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "FileDescription" "Cài đặt ${PRODUCT}"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "CompanyName" "qlhoi"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "LegalCopyright" "qlhoi"

Section "!$(SecApp)" SecApp
  SectionIn RO
  SetOutPath "$INSTDIR"
  File "${ROOT}\bin\qlhoi.exe"
  File "${ROOT}\bin\winres\README.txt"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortCut "$SMPROGRAMS\qlhoi.lnk" "$INSTDIR\qlhoi.exe" "" "$INSTDIR\qlhoi.exe" 0
  WriteRegStr SHCTX "${UNINSTKEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr SHCTX "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINSTKEY}" "Publisher" "qlhoi"
  WriteRegStr SHCTX "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\qlhoi.exe,0"
  WriteRegStr SHCTX "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode'
  WriteRegStr SHCTX "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode /S'
  WriteRegDWORD SHCTX "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINSTKEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD SHCTX "${UNINSTKEY}" "EstimatedSize" $0
SectionEnd

Section "$(SecDesktop)" SecDesktop
  CreateShortCut "$DESKTOP\qlhoi.lnk" "$INSTDIR\qlhoi.exe" "" "$INSTDIR\qlhoi.exe" 0
SectionEnd

; Per user under HKCU\Software\Classes, for all users under HKLM (SHCTX follows the mode).
Section "$(SecAssoc)" SecAssoc
  WriteRegStr SHCTX "Software\Classes\.qlb" "" "${PROGID}"
  WriteRegStr SHCTX "Software\Classes\.qlb" "Content Type" "application/x-qlhoi-bundle"
  WriteRegStr SHCTX "Software\Classes\.qlb\OpenWithProgids" "${PROGID}" ""
  WriteRegStr SHCTX "Software\Classes\${PROGID}" "" "$(BundleType)"
  WriteRegStr SHCTX "Software\Classes\${PROGID}\DefaultIcon" "" "$INSTDIR\qlhoi.exe,0"
  WriteRegStr SHCTX "Software\Classes\${PROGID}\shell\open\command" "" '"$INSTDIR\qlhoi.exe" --import "%1"'
  ; SHCNE_ASSOCCHANGED: Explorer shows the new icon without a restart.
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd

Section "un.$(UnSecApp)" UnSecApp
  SectionIn RO
  Delete "$SMPROGRAMS\qlhoi.lnk"
  Delete "$DESKTOP\qlhoi.lnk"
  ReadRegStr $0 SHCTX "Software\Classes\.qlb" ""
  ${If} $0 == "${PROGID}"
    DeleteRegKey SHCTX "Software\Classes\.qlb"
  ${Else}
    DeleteRegValue SHCTX "Software\Classes\.qlb\OpenWithProgids" "${PROGID}"
  ${EndIf}
  DeleteRegKey SHCTX "Software\Classes\${PROGID}"
  DeleteRegKey SHCTX "${UNINSTKEY}"
  DeleteRegKey HKCU "Software\qlhoi"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
  Delete "$INSTDIR\qlhoi.exe"
  Delete "$INSTDIR\README.txt"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
SectionEnd

; The data is the current user's (%APPDATA%\qlhoi) whatever the install mode.
Section /o "un.$(UnSecData)" UnSecData
  SetShellVarContext current
  RMDir /r "$APPDATA\qlhoi"
  ${If} $MultiUser.InstallMode == "AllUsers"
    SetShellVarContext all
  ${EndIf}
SectionEnd

Function un.onUninstSuccess
  ${IfNot} ${SectionIsSelected} ${UnSecData}
    SetShellVarContext current
    StrCpy $0 "$APPDATA\qlhoi"
    IfFileExists "$0\*.*" 0 +2
      MessageBox MB_OK|MB_ICONINFORMATION "$(DataKept)" /SD IDOK
  ${EndIf}
FunctionEnd

Function .onInit
  !insertmacro MULTIUSER_INIT
  ; Vietnamese first whatever the Windows language; the dialog lets the user choose.
  StrCpy $LANGUAGE ${LANG_VIETNAMESE}
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

Function un.onInit
  !insertmacro MULTIUSER_UNINIT
  !insertmacro MUI_UNGETLANGUAGE
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/DELETEDATA" $R1
  ${IfNot} ${Errors}
    !insertmacro SelectSection ${UnSecData}
  ${EndIf}
FunctionEnd
