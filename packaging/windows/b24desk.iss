; Inno Setup 6 script: b24desk-setup.exe from the PyInstaller folder dist\b24desk.
;
;   pyinstaller packaging\b24desk.spec
;   iscc packaging\windows\b24desk.iss
;
; The version is b24desk.__version__: the spec writes it to packaging\build\version.iss,
; or give it on the command line (/DAppVersion=0.1.0).  /DDistDir=… points at another
; PyInstaller output folder; the installer lands in packaging\dist.

#ifndef AppVersion
  #include "..\build\version.iss"
#endif
#ifndef DistDir
  #define DistDir "..\..\dist\b24desk"
#endif
#define AppName "b24desk"
#define AppExe "b24desk.exe"

[Setup]
; The AppId identifies the product across versions (upgrades, uninstall): never change it.
AppId={{6C1B7E0A-3F2D-4B8E-9A51-B24DE5C0FFEE}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=b24desk
AppPublisherURL=https://b24desk.app
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoDescription=b24desk installer
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per-user install by default (no administrator needed); the user may choose all users.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\dist
OutputBaseFilename=b24desk-setup
SetupIconFile=..\build\icons\b24desk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; The desk may be running during an upgrade: ask to close it.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "es"; MessagesFile: "compiler:Languages\Spanish.isl"
Name: "ru"; MessagesFile: "compiler:Languages\Russian.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole one-folder app: b24desk.exe, b24desk-cli.exe and _internal\.
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; The office's data (%APPDATA%\b24desk) is never removed by the uninstaller.
