; Inno Setup 6 script: wraps the PyInstaller onedir (dist\khaosat) into khaosat-setup-<ver>.exe.
; Build on Windows (docs/build.md, README "Building the Windows installer"):
;   .venv\Scripts\pyinstaller --noconfirm build_installer.spec
;   "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" installer\khaosat.iss
; -> dist\khaosat-setup-<version>.exe
;
; Per-user install: no administrator rights (clerks rarely have them), program files in
; %LOCALAPPDATA%\Programs\khaosat. The clerk's data lives elsewhere, in %LOCALAPPDATA%\khaosat
; (platformdirs, app/services/workspace.default_data_dir): neither an upgrade nor uninstall
; ever lists, replaces or deletes anything there.

#define AppName "khaosat"
#ifndef DistDir
  #define DistDir AddBackslash(SourcePath) + "..\dist\khaosat"
#endif
#ifndef AppVersion
  ; The version resource build_installer.spec wrote from pyproject.toml, e.g. "0.1.0.0".
  #define AppVersion GetVersionNumbersString(DistDir + "\khaosat.exe")
#endif
#if AppVersion == ""
  #error dist\khaosat\khaosat.exe not found or without a version: run PyInstaller first
#endif

[Setup]
; Never change AppId: upgrades find the installed copy through it.
AppId={{FDE34255-7EDC-46D7-80E9-203833B6B6AF}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
VersionInfoVersion={#AppVersion}
VersionInfoDescription=Cài đặt khaosat – nhập phiếu khảo sát mức độ hài lòng
PrivilegesRequired=lowest
DefaultDirName={localappdata}\Programs\{#AppName}
UsePreviousAppDir=yes
DisableDirPage=auto
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; 64-bit Windows 10 version 1809 or later, and Windows 11: what Qt 6.8+ supports.
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0.17763
; A running khaosat is closed through the Restart Manager (asked first); saved forms are
; already on disk, so nothing is lost.
CloseApplications=yes
RestartApplications=no
SetupIconFile=..\resources\icons\khaosat.ico
UninstallDisplayIcon={app}\khaosat.exe
UninstallDisplayName={#AppName}
WizardStyle=modern
ShowLanguageDialog=no
OutputDir=..\dist
OutputBaseFilename={#AppName}-setup-{#AppVersion}
Compression=lzma2/max
SolidCompression=yes

[Languages]
; Inno's English messages, then ours: every message the wizard shows is Vietnamese.
Name: "vi"; MessagesFile: "compiler:Default.isl,Vietnamese.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; Upgrade in place: the previous version's program modules go first, so none of them can be
; loaded next to the new ones. Only the program folder's own _internal, never data.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\khaosat.exe"; WorkingDir: "{app}"
; For the IT staff on the phone: runs the self-test in a window that stays open.
Name: "{group}\{cm:SelfTestName,{#AppName}}"; Filename: "{cmd}"; \
    Parameters: "/k """"{app}\khaosat-cli.exe"" --self-test"""; WorkingDir: "{app}"; \
    IconFilename: "{app}\khaosat.exe"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\khaosat.exe"; WorkingDir: "{app}"; \
    Tasks: desktopicon

[Run]
Filename: "{app}\khaosat.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; \
    Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only the program folder, if something was left in it. The data folder
; {localappdata}\khaosat (database, backups, logs, demo) is deliberately not listed here.
Type: dirifempty; Name: "{app}"
