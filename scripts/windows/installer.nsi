; The Windows installer of Baohou (NSIS 3, Unicode), built by scripts/windows.sh:
;   makensis -DVERSION=0.1.0 -DSTAGE=<folder with the programs> -DOUT=<setup.exe> installer.nsi
; Per user, without administrator rights (officers rarely have them): the programs go to
; %LOCALAPPDATA%\Programs\Baohou, the Start menu entries and the uninstaller's registration to the
; user's own. The officer's database lives elsewhere, in %APPDATA%\cn.baohou.desktop (the app's
; data folder, Tauri's path API), and the uninstaller keeps it unless asked to remove it
; (the page's box, or /DELETEDATA with /S).

; 64-bit, as the programs are (and as wine64 runs it in the tests); Unicode.
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"

!ifndef VERSION
  !error "VERSION is required (-DVERSION=…)"
!endif
!ifndef STAGE
  !error "STAGE is required (-DSTAGE=…)"
!endif
!ifndef OUT
  !error "OUT is required (-DOUT=…)"
!endif

!define PRODUCT "保后 Baohou"
!define IDENTIFIER "cn.baohou.desktop"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Baohou"
; The Evergreen WebView2 runtime's client key (the same on every Windows).
!define WEBVIEW2_CLIENT "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"

Name "${PRODUCT}"
OutFile "${OUT}"
InstallDir "$LOCALAPPDATA\Programs\Baohou"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "${PRODUCT} ${VERSION}"
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "Baohou"
VIAddVersionKey /LANG=0 "FileDescription" "Baohou setup"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "CompanyName" "Baohou"
VIAddVersionKey /LANG=0 "LegalCopyright" "Baohou"

!define MUI_ICON "${STAGE}\baohou.ico"
!define MUI_UNICON "${STAGE}\baohou.ico"
!define MUI_ABORTWARNING

!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\baohou-app.exe"
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "TradChinese"
!insertmacro MUI_LANGUAGE "English"

LangString WebView2Missing ${LANG_SIMPCHINESE} "这台电脑还没有安装 Microsoft Edge WebView2 运行时，保后需要它才能打开窗口。安装会继续；请让信息部门安装 WebView2 运行时（离线安装包：MicrosoftEdgeWebView2RuntimeInstallerX64.exe），之后再打开保后。"
LangString WebView2Missing ${LANG_TRADCHINESE} "這台電腦還沒有安裝 Microsoft Edge WebView2 執行階段，保後需要它才能打開視窗。安裝會繼續；請讓資訊部門安裝 WebView2 執行階段（離線安裝包：MicrosoftEdgeWebView2RuntimeInstallerX64.exe），之後再打開保後。"
LangString WebView2Missing ${LANG_ENGLISH} "This computer does not have the Microsoft Edge WebView2 runtime, which Baohou needs to open its window. Setup goes on; have IT install the WebView2 runtime (offline installer: MicrosoftEdgeWebView2RuntimeInstallerX64.exe), then start Baohou."
LangString DemoName ${LANG_SIMPCHINESE} "保后 Baohou 演示"
LangString DemoName ${LANG_TRADCHINESE} "保後 Baohou 演示"
LangString DemoName ${LANG_ENGLISH} "Baohou demo"
LangString UninstallName ${LANG_SIMPCHINESE} "卸载保后"
LangString UninstallName ${LANG_TRADCHINESE} "解除安裝保後"
LangString UninstallName ${LANG_ENGLISH} "Uninstall Baohou"
LangString DataSection ${LANG_SIMPCHINESE} "同时删除本机的保后数据库（不可恢复）"
LangString DataSection ${LANG_TRADCHINESE} "同時刪除本機的保後資料庫（無法復原）"
LangString DataSection ${LANG_ENGLISH} "Also delete Baohou's database on this computer (cannot be undone)"

; Whether the WebView2 runtime is there: its version under the machine's or the user's key.
Function WebView2Version
  Push $0
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_CLIENT}" "pv"
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKLM "SOFTWARE\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_CLIENT}" "pv"
  ${EndIf}
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKCU "Software\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_CLIENT}" "pv"
  ${EndIf}
  ${If} $0 == "0.0.0.0"
    StrCpy $0 ""
  ${EndIf}
  Exch $0
FunctionEnd

Section "Baohou" SecProgram
  SectionIn RO
  SetOutPath "$INSTDIR"
  File "${STAGE}\baohou-app.exe"
  File "${STAGE}\baohou.exe"
  File "${STAGE}\baohou-hq.exe"
  File "${STAGE}\WebView2Loader.dll"
  File "${STAGE}\baohou.ico"
  File "${STAGE}\README.txt"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\${PRODUCT}"
  CreateShortCut "$SMPROGRAMS\${PRODUCT}\${PRODUCT}.lnk" "$INSTDIR\baohou-app.exe" "" "$INSTDIR\baohou.ico"
  CreateShortCut "$SMPROGRAMS\${PRODUCT}\$(DemoName).lnk" "$INSTDIR\baohou-app.exe" "--demo" "$INSTDIR\baohou.ico"
  CreateShortCut "$SMPROGRAMS\${PRODUCT}\$(UninstallName).lnk" "$INSTDIR\uninstall.exe"

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "Baohou"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\baohou.ico"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" $0

  Call WebView2Version
  Pop $0
  ${If} $0 == ""
    DetailPrint "$(WebView2Missing)"
    MessageBox MB_OK|MB_ICONEXCLAMATION "$(WebView2Missing)" /SD IDOK
  ${EndIf}
SectionEnd

Section "un.Baohou" UnSecProgram
  SectionIn RO
  Delete "$INSTDIR\baohou-app.exe"
  Delete "$INSTDIR\baohou.exe"
  Delete "$INSTDIR\baohou-hq.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\baohou.ico"
  Delete "$INSTDIR\README.txt"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${PRODUCT}\*.lnk"
  RMDir "$SMPROGRAMS\${PRODUCT}"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
SectionEnd

; Not selected unless the officer ticks it (or /DELETEDATA with /S): the database is the
; officer's work, and what head office has not received exists nowhere else.
Section /o "un.$(DataSection)" UnSecData
  RMDir /r "$APPDATA\${IDENTIFIER}"
  RMDir /r "$LOCALAPPDATA\${IDENTIFIER}"
SectionEnd

Function un.onInit
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/DELETEDATA" $1
  ${IfNot} ${Errors}
    SectionSetFlags ${UnSecData} ${SF_SELECTED}
  ${EndIf}
FunctionEnd
