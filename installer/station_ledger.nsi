; Station Ledger 公共法律服务台账: the Windows installer (NSIS 3, Unicode).
;
; Built by installer/build.py, which passes the defines below (absolute paths):
;   makensis -WX -DVERSION=0.1.0 -DVERSION_QUAD=0.1.0.0 -DBUNDLE_DIR=...\dist\StationLedger
;            -DAPP_EXE=StationLedger.exe -DICON=...\build\installer\StationLedger.ico
;            -DOUT_FILE=...\dist\StationLedger-Setup-0.1.0.exe installer\station_ledger.nsi
; On Linux it compiles this same script against the Linux bundle (APP_EXE=StationLedger) with
; -DCHECK_ONLY, which only skips compression: the output proves the script, it is not shipped.
;
; Per user, no administrator rights: the program goes to %LOCALAPPDATA%\Programs\StationLedger,
; shortcuts to this user's Start menu and desktop, the uninstaller entry to HKCU. The ledgers
; live elsewhere (%LOCALAPPDATA%\StationLedger, station_app/settings.py): an upgrade replaces
; only the program's own files, and uninstalling keeps the data unless the clerk ticks the box.

Unicode true
ManifestDPIAware true
RequestExecutionLevel user
!ifdef CHECK_ONLY
  SetCompress off  ; a build that only proves the script compiles: skip the slow LZMA pass
!else
  SetCompressor /SOLID lzma
!endif

!ifdef VERSION & VERSION_QUAD & BUNDLE_DIR & APP_EXE & ICON & OUT_FILE
!else
  !error "build.py passes VERSION, VERSION_QUAD, BUNDLE_DIR, APP_EXE, ICON and OUT_FILE"
!endif
!if ! /FileExists "${BUNDLE_DIR}\${APP_EXE}"
  !error "no ${APP_EXE} in ${BUNDLE_DIR}: run PyInstaller first (installer/build.py does)"
!endif

!define APP_ID "StationLedger"
!define APP_NAME "公共法律服务台账"
!define PUBLISHER "Station Ledger"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
!define DATA_DIR "$LOCALAPPDATA\${APP_ID}"
!define SHORTCUT "${APP_NAME}.lnk"

Name "${APP_NAME}"
OutFile "${OUT_FILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP_ID}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"  ; an upgrade goes where the last one went
BrandingText "${APP_NAME} ${VERSION}"

VIProductVersion "${VERSION_QUAD}"
VIFileVersion "${VERSION_QUAD}"
VIAddVersionKey /LANG=2052 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileDescription" "${APP_NAME} 安装程序"
VIAddVersionKey /LANG=2052 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "${PUBLISHER}"

!include "MUI2.nsh"
!include "nsDialogs.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "WinVer.nsh"
!include "x64.nsh"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TEXT "将在本机安装 ${APP_NAME} ${VERSION}。$\r$\n$\r$\n\
  无需管理员权限，只为当前 Windows 用户安装。$\r$\n\
  如已安装旧版本，将直接升级；已录入的台账数据保留不动。$\r$\n$\r$\n\
  安装前请先关闭正在运行的台账程序。"
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "立即打开${APP_NAME}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
UninstPage custom un.DataPage un.DataPageLeave
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "SimpChinese"

Var RemoveData
Var RemoveDataBox

Function .onInit
  ${IfNot} ${AtLeastWin10}
  ${OrIfNot} ${RunningX64}
    MessageBox MB_OK|MB_ICONSTOP "${APP_NAME} 需要 64 位 Windows 10 或 Windows 11。" /SD IDOK
    Abort
  ${EndIf}
  ; The data folder is never the program folder (a /D= pointing there is refused).
  ${If} "$INSTDIR" == "${DATA_DIR}"
    MessageBox MB_OK|MB_ICONSTOP "不能安装到台账数据目录：$INSTDIR" /SD IDOK
    Abort
  ${EndIf}
FunctionEnd

; Deletes one program file, asking the clerk to close the app while it is still running.
!macro DeleteProgramFile path
  ${Do}
    ClearErrors
    Delete "${path}"
    ${IfNot} ${Errors}
      ${Break}
    ${EndIf}
    ${If} ${Cmd} `MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION \
        "${APP_NAME}正在运行，请先关闭它，再点“重试”。" /SD IDCANCEL IDCANCEL`
      Abort
    ${EndIf}
  ${Loop}
!macroend

Section "-Install"
  SetOutPath "$INSTDIR"
  ; Upgrade: remove the previous program (and only the program: never the data folder).
  !insertmacro DeleteProgramFile "$INSTDIR\${APP_EXE}"
  RMDir /r "$INSTDIR\_internal"

  File "${BUNDLE_DIR}\${APP_EXE}"
  SetOutPath "$INSTDIR\_internal"
  File /r "${BUNDLE_DIR}\_internal\*.*"
  SetOutPath "$INSTDIR"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortCut "$SMPROGRAMS\${SHORTCUT}" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0
  CreateShortCut "$DESKTOP\${SHORTCUT}" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE},0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" $0
SectionEnd

; The uninstaller's second page: keep the ledgers (default) or delete them too.
Function un.DataPage
  !insertmacro MUI_HEADER_TEXT "台账数据" "是否同时删除本机的台账数据？"
  nsDialogs::Create 1018
  Pop $0
  ${NSD_CreateLabel} 0 0 100% 48u "台账数据（所有记录、备份和日志）保存在：$\r$\n${DATA_DIR}$\r$\n\
    默认保留：以后重新安装本程序即可继续使用。"
  Pop $0
  ${NSD_CreateCheckbox} 0 56u 100% 12u "同时删除本机台账数据（删除后无法恢复）"
  Pop $RemoveDataBox
  ${NSD_Uncheck} $RemoveDataBox
  nsDialogs::Show
FunctionEnd

Function un.DataPageLeave
  ${NSD_GetState} $RemoveDataBox $RemoveData
  ${If} $RemoveData == ${BST_CHECKED}
    ${If} ${Cmd} `MessageBox MB_YESNO|MB_ICONEXCLAMATION|MB_DEFBUTTON2 \
        "确定删除本机全部台账数据吗？尚未同步到县中心的记录将永久丢失。" IDNO`
      Abort  ; stay on the page
    ${EndIf}
  ${EndIf}
FunctionEnd

Section "Uninstall"
  !insertmacro DeleteProgramFile "$INSTDIR\${APP_EXE}"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${SHORTCUT}"
  Delete "$DESKTOP\${SHORTCUT}"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  ${If} $RemoveData == ${BST_CHECKED}
    RMDir /r "${DATA_DIR}"
  ${EndIf}
SectionEnd
