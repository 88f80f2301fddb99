<#
.SYNOPSIS
  Installs the VolunteerGrid agent on Windows: copies vgrid-agent.exe, writes its configuration and
  registers it to start by itself (vgrid-agent install-service).
.DESCRIPTION
  Without -Gpu the agent runs as the Windows service 'vgrid-agent' (LocalService, starts at boot).
  With -Gpu (gpu = auto) it runs as the scheduled task 'VolunteerGrid Agent' at your logon, in your session:
  Windows services run in session 0, where GPU drivers offer no OpenCL device.
  Run from an elevated PowerShell; without administrator rights the agent is registered to start
  at your logon instead (HKCU Run key).
.EXAMPLE
  powershell -ExecutionPolicy Bypass -File install.ps1 -Coordinator https://grid.example.org -Cores 4 -MemoryMb 4096 -IdleOnly
#>
param(
  [Parameter(Mandatory = $true)] [string] $Coordinator,
  [int] $Cores = 0,
  [int] $MemoryMb = 2048,
  [int] $CacheMb = 2048,
  [switch] $IdleOnly,
  [switch] $Gpu,
  [string] $ProjectCert = "",
  [string] $InstallDir = "$env:ProgramFiles\VolunteerGrid",
  [string] $DataDir = "$env:ProgramData\VolunteerGrid\agent"
)
$ErrorActionPreference = "Stop"
$source = Join-Path $PSScriptRoot "vgrid-agent.exe"
if (-not (Test-Path $source)) { throw "vgrid-agent.exe is not beside install.ps1 ($PSScriptRoot): unpack the whole zip first" }
$admin = ([Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()).IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)
if (-not $admin) {
  # Per-user install: no service, the agent starts at this user's logon.
  $InstallDir = "$env:LOCALAPPDATA\VolunteerGrid"
  $DataDir = "$env:LOCALAPPDATA\VolunteerGrid\agent"
}
New-Item -ItemType Directory -Force -Path $InstallDir, $DataDir | Out-Null
$exe = Join-Path $InstallDir "vgrid-agent.exe"
Copy-Item $source $exe -Force

$config = Join-Path $InstallDir "agent.conf"
$lines = @(
  "# VolunteerGrid agent configuration (names as vgrid-agent's long options without dashes)",
  "coordinator = $Coordinator",
  "data = $DataDir",
  "cores = $(if ($Cores -gt 0) { $Cores } else { '' })",
  "memory-mb = $MemoryMb",
  "cache-mb = $CacheMb",
  "idle-only = $(if ($IdleOnly) { 'true' } else { 'false' })",
  "gpu = $(if ($Gpu) { 'auto' } else { 'off' })",
  "project-cert = $ProjectCert"
)
Set-Content -Path $config -Value $lines -Encoding ascii

if ($admin -and -not $Gpu) {
  # The service runs as LocalService: let it write its data directory.
  & icacls $DataDir /grant "*S-1-5-19:(OI)(CI)M" | Out-Null
}
& $exe doctor --config $config
if ($LASTEXITCODE -ne 0) { Write-Warning "vgrid-agent doctor found problems (above); the agent is installed anyway and retries by itself." }
& $exe install-service --config $config
if ($LASTEXITCODE -ne 0) { throw "vgrid-agent install-service failed (exit code $LASTEXITCODE)" }
Write-Host "Installed. Configuration: $config; check it any time with: & '$exe' doctor --config '$config'"
