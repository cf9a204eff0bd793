// Preloaded into every service process the e2e tests start (node --import). If the test process dies without
// stopping its children (killed by a signal, so no exit hook ran), the child is re-parented; it then stops
// itself as an operator would, with SIGTERM, instead of polling a simulator that no longer exists forever.
const parentPid = Number(process.env.OPS_E2E_PARENT_PID);

if (Number.isInteger(parentPid) && parentPid > 0) {
  const timer = setInterval(() => {
    if (process.ppid === parentPid) return;
    clearInterval(timer);
    process.kill(process.pid, "SIGTERM");
    setTimeout(() => process.exit(1), 5_000).unref();
  }, 1_000);
  timer.unref();
}

export {};
