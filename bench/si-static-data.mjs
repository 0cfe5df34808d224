// Baseline for the diagnostics benchmark: systeminformation's getStaticData() in a fresh process.
import si from 'systeminformation';

process.once('message', () => {
  si.getStaticData().then(
    () => process.send({ ok: true }, () => process.exit(0)),
    (error) => process.send({ ok: false, error: String(error) }, () => process.exit(1)),
  );
});
