; Candor's uninstaller offers to remove the user's Candor data (reports, outbox, consent ledger),
; and removes nothing the user did not agree to remove.
!macro customUnInstall
  ${ifNot} ${isUpdated}
    MessageBox MB_YESNO|MB_ICONQUESTION "Also remove Candor's reports, outbox and consent history from this computer?" /SD IDNO IDNO keepData
      RMDir /r "$APPDATA\Candor"
    keepData:
  ${endIf}
!macroend
