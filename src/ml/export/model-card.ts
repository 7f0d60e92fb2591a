import { COVERAGE_AIM, coverageVerdict } from '../evaluation/intervals.ts';
import { BASELINES } from '../baselines/baselines.ts';
import { SKILL_DEFINITION } from '../evaluation/metrics.ts';
import { fixed as fmt, skill } from '../format.ts';
import { formatSetting } from '../settings/table.ts';
import type { ModelMetadata } from './metadata.ts';

const pct = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)} %` : '–');

const CALIBRATION_WORDS = { ok: 'well calibrated', 'too-narrow': 'too narrow (covers too few days)', 'too-wide': 'too wide (covers too many days)' } as const;

/** The "Prediction interval" section: the 80 % band's calibration per horizon day, when the model has one. */
function intervalSection(m: ModelMetadata): string {
  const iv = m.metrics.intervals;
  if (!iv) return '';
  const u = m.target.units;
  const rows = iv.coveragePerHorizon
    .map((c, j) => `| day ${j + 1} | ${pct(c)} | ${fmt(iv.meanWidthPerHorizon[j])} | ${CALIBRATION_WORDS[coverageVerdict(c)]} |`)
    .join('\n');
  return `
## Prediction interval
Besides its forecast (the median, scored above) the model gives the 10th and 90th percentiles of each day: an 80 % prediction interval, trained with the pinball (quantile) loss. On a well-calibrated model about 80 % of days fall inside it; we aim for ${pct(COVERAGE_AIM.min)}–${pct(COVERAGE_AIM.max)} on the test year.

Share of test days (${m.dataset.splits.test.start} to ${m.dataset.splits.test.end}) inside the band, overall ${pct(iv.coverage)}; mean width ${fmt(iv.meanWidth)} ${u}; pinball loss ${fmt(iv.pinballLoss)} ${u}:

| horizon | inside the 80 % band | mean width (${u}) | calibration |
|---|---|---|---|
${rows}

The band describes typical day-to-day uncertainty in the training years; it is not a guarantee, and it is too narrow for weather unlike anything in the training data.
`;
}

/** One line for an ensemble bundle: what it averages and how its members scored. */
function ensembleLine(m: ModelMetadata): string {
  const e = m.ensemble;
  if (!e) return '';
  const tests = e.memberMetrics.map((x) => x.testMae);
  return `- Ensemble: the mean forecast of ${e.members} copies of this model trained with seeds ${e.seeds.join(', ')} (one averaging model; test MAE of the members ${fmt(Math.min(...tests))}–${fmt(Math.max(...tests))} ${m.target.units}, of the mean ${fmt(m.metrics.model.mae)} ${m.target.units}).
`;
}

/** Which files hold the model for which runtime, and the ONNX opset and runtime it was verified with. */
function onnxLine(m: ModelMetadata): string {
  if (!m.onnx) return '';
  return `
## Files and runtimes
- \`${m.onnx.file}\`: the model as ONNX, opset ${m.onnx.opset} (IR version ${m.onnx.irVersion}); input \`${m.onnx.input}\` float32 [batch, ${m.window.lookbackDays}, ${m.features.length}], output \`${m.onnx.output}\` float32 [batch, ${m.outputShape[1]}], both normalized as above. Verified with ${m.onnx.verifiedWith.replace('onnxruntime', 'ONNX Runtime')} (onnxruntime-node in the tests, onnxruntime-web in the app) to reproduce the test vectors within 0.0001 ${m.target.units}. Use it from Python (\`onnxruntime\`), the JVM (ONNX Runtime Java API), C/C++, C#, Node (\`onnxruntime-node\`) and the browser (\`onnxruntime-web\`).
- \`model.json\` + \`weights.bin\`: the same model for TensorFlow.js ${m.versions.tfjs} (\`tf.loadLayersModel\`, browser and Node).
- \`metadata.schema.json\`, \`test-vectors.schema.json\`: JSON Schemas of the two JSON files; \`manifest.json\`: the SHA-256 of every file.
- \`examples/\`: code for the browser, Node, Python, Java and C++ that forecasts and checks itself against the test vectors.
`;
}

/** A model card in Markdown, generated from the bundle's metadata only. */
/** "; columns read as TMAX: °F → °C, PRCP: in → mm" for the conversions and user changes a file needed. */
function columnsLine(m: ModelMetadata): string {
  const shown = (m.dataset.columns ?? []).filter((c) => c.fileUnit !== c.unit || c.changed);
  return shown.length === 0 ? '' : `; columns read as ${shown.map((c) => `${c.column}: ${c.fileUnit && c.fileUnit !== c.unit ? `${c.fileUnit} → ${c.unit}` : c.role}${c.changed ? ' (set by the user)' : ''}`).join(', ')}`;
}

export function modelCard(m: ModelMetadata): string {
  const u = m.target.units;
  const { model, baselines, skillPercent } = m.metrics;
  const horizonRows = model.maePerHorizon
    .map((mae, j) => `| day ${j + 1} | ${fmt(mae)} | ${fmt(baselines.persistence.maePerHorizon[j])} | ${fmt(baselines.climatology.maePerHorizon[j])} |`)
    .join('\n');
  const s = m.dataset.splits;
  return `# Model card: ${m.target.name} forecast, ${m.dataset.name}

A ${m.architecture.kind.toUpperCase()} model that forecasts daily **${m.target.name}** (${u}) for the next ${m.window.horizonDays} day(s) from the previous ${m.window.lookbackDays} days. Trained in the browser or CLI with TensorFlow.js ${m.versions.tfjs} (${m.training.backend} backend) by ${m.versions.app} ${m.versions.appVersion} on ${m.createdAt.slice(0, 10)}.

## Data
- Source: ${m.dataset.source}${columnsLine(m)}
- Period: ${m.dataset.period.start} to ${m.dataset.period.end}
- Training: ${s.train.start} to ${s.train.end} (${s.train.windows} windows); validation: ${s.validation.start} to ${s.validation.end} (${s.validation.windows}); test: ${s.test.start} to ${s.test.end} (${s.test.windows}), never used for training or model selection.
- Inputs, in order: ${m.features.map((f) => `${f.name}${f.units ? ` (${f.units})` : ''}`).join(', ')}. Normalization statistics come from the training split only.

## Model
- Architecture: ${m.architecture.kind}${m.architecture.kind === 'linear' ? '' : `, ${m.architecture.layers} layer(s) × ${m.architecture.units} units, dropout ${m.architecture.dropout}`}; ${m.parameters} parameters.
- Training: ${m.training.optimizer}, learning rate ${formatSetting('learningRate', m.training.learningRate)}, batch size ${m.training.batchSize}, ${m.training.epochsRun} epochs run (best epoch ${m.training.bestEpoch}${m.training.bestValMae !== undefined ? `, validation MAE ${fmt(m.training.bestValMae)} ${u}` : ''}: the lowest validation MAE, whose weights the model keeps; early-stopping patience ${m.training.patience}), seed ${m.seed}.
${m.lineage && m.lineage.length > 0 ? `- Lineage: ${m.lineage.join(' → ')}.
` : ''}${ensembleLine(m)}
## Test metrics (${u})
| | MAE | RMSE | skill vs this baseline |
|---|---|---|---|
| this model | ${fmt(model.mae)} | ${fmt(model.rmse)} | |
${(['persistence', 'climatology'] as const).map((id) => `| ${BASELINES[id].label.toLowerCase()} (${BASELINES[id].short}) | ${fmt(baselines[id].mae)} | ${fmt(baselines[id].rmse)} | ${skill(skillPercent[id])} |`).join('\n')}

${SKILL_DEFINITION} ${BASELINES.persistence.label}: ${BASELINES.persistence.description} ${BASELINES.climatology.label}: ${BASELINES.climatology.description}

MAE per horizon day:

| horizon | model | persistence | climatology |
|---|---|---|---|
${horizonRows}
${intervalSection(m)}
## How to use it
${m.howToPredict.map((step, i) => `${i + 1}. ${step}`).join('\n')}

\`test-vectors.json\` holds input windows with the forecasts this model must reproduce (within 0.001 ${u}).
${onnxLine(m)}
## Intended use and limitations
- For learning and experimentation: a single-station statistical forecast from a few years of daily data. Not for safety-relevant decisions; use an official weather service for those.
- It knows only the period and place it was trained on; expect larger errors elsewhere, in other climates, or under climate trends beyond ${m.dataset.period.end}.
- Errors grow with the horizon (see the table above); extreme days are rare in training data and are under-predicted.
- Input values must be in the units above, without gaps; missing days must be filled before forecasting.
`;
}
