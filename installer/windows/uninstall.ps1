<#
.SYNOPSIS
  Stops the VolunteerGrid agent and removes its service, logon task or logon entry.
  -RemoveData also deletes the data directory (host token, cache) and the installed files.
#>
param(
  [switch] $RemoveData,
  [string] $InstallDir = "",
  [string] $DataDir = ""
)
$ErrorActionPreference = "Stop"
$candidates = @("$env:ProgramFiles\VolunteerGrid", "$env:LOCALAPPDATA\VolunteerGrid")
if ($InstallDir -ne "") { $candidates = @($InstallDir) }
$exe = $candidates | ForEach-Object { Join-Path $_ "vgrid-agent.exe" } | Where-Object { Test-Path $_ } | Select-Object -First 1
if (-not $exe) { throw "vgrid-agent.exe not found in $($candidates -join ', '): pass -InstallDir" }
& $exe uninstall-service
if ($LASTEXITCODE -ne 0) { throw "vgrid-agent uninstall-service failed (exit code $LASTEXITCODE)" }
if ($RemoveData) {
  $dir = Split-Path $exe
  if ($DataDir -eq "") { $DataDir = if ($dir -like "$env:LOCALAPPDATA*") { "$env:LOCALAPPDATA\VolunteerGrid\agent" } else { "$env:ProgramData\VolunteerGrid\agent" } }
  Remove-Item -Recurse -Force $DataDir -ErrorAction SilentlyContinue
  Remove-Item -Recurse -Force $dir
}
Write-Host "Uninstalled."
