// Tauri's isolation pattern: every IPC message from the window passes through this hook,
// in a sandboxed frame of its own, before it is encrypted and sent to the core. Only
// Baohou's own commands, events, channels and closing the window pass (file dialogs are the
// shell's, opened by choose_path);
// anything else is turned away here (and the capability would refuse it too).
const APP = new Set(["lock_status", "unlock", "set_first_passphrase", "change_passphrase", "lock", "touch", "session_info", "labels", "list_guarantees", "portfolio_totals", "agenda", "day_route", "print_day_route", "print_briefings", "guarantee_file", "reclassify", "record_signal", "close_task", "officers", "month_calendar", "signal_catalog", "start_visit", "visit", "edit_visit", "confirm_visit", "complete_visit", "reopen_visit", "sign_visit", "choose_path", "import_photos", "open_phone_door", "phone_door_status", "close_phone_door", "export_report", "save_report_as", "open_report", "outbox", "set_sync_settings", "set_sync_authority", "sync_now", "retention", "export_borrower", "remove_borrower", "preview_import", "write_import", "export_sheet", "install_template_sheet", "portfolio_overview", "evidence_by_officer", "collection", "record_collection", "issue_notice", "open_notice", "release_guarantee", "open_release", "propose_withdrawal", "open_withdrawal", "attach_voucher_scan", "print_collection_record", "issue_quarterly_report"]);
const PLUGIN = /^plugin:(event|window|__TAURI_CHANNEL__)\|/;
window.__TAURI_ISOLATION_HOOK__ = (payload) => {
  const cmd = payload && typeof payload.cmd === "string" ? payload.cmd : "";
  if (APP.has(cmd) || PLUGIN.test(cmd) || cmd === "__TAURI_CHANNEL__") return payload;
  // Sent on under a name no capability grants, so the caller gets the core's refusal.
  console.error("Baohou: refused IPC command", cmd);
  return { ...payload, cmd: "plugin:baohou-refused|" + cmd.replace(/[^A-Za-z0-9_-]/g, "_") };
};
