/**
 * Code for ONNX Runtime in Python, Java and C++ with this model's recipe written into the code (feature
 * order, means, stds, window, target scaling), each checking itself against the bundle's test vectors;
 * with the Node one (`snippets.ts`), the zip's examples/ for ONNX Runtime. Loaded only when a zip is
 * made. `tests/app/snippets.test.ts` checks the numbers they embed against metadata.json.
 */
import type { ModelMetadata, TestVector } from '../ml/export/metadata.ts';
import { ONNX_RUNTIME_VERIFIED } from '../ml/version.ts';
import { cppSnippet, javaSnippet, literal } from './snippets-native.ts';

/** Python: onnxruntime + numpy; reads test-vectors.json with the standard library. */
export function pythonSnippet(m: Pick<ModelMetadata, 'target' | 'window' | 'features' | 'output'>): string {
  const list = (xs: readonly (string | number)[]) => `[${xs.map((x) => (typeof x === 'string' ? JSON.stringify(x) : literal(x))).join(', ')}]`;
  return `"""Forecast ${m.target.name} (${m.target.units}) with model.onnx in Python: ONNX Runtime and numpy, no TensorFlow.

    pip install onnxruntime==${ONNX_RUNTIME_VERIFIED} numpy
    python forecast_onnx.py DIR      # DIR: the unzipped bundle; checks test-vectors.json
"""
import datetime
import json
import math
import sys

import numpy as np
import onnxruntime as ort

# The recipe of metadata.json for this model: feature order, normalization, window, target scaling.
FEATURES = ${list(m.features.map((f) => f.name))}
MEANS = np.array(${list(m.features.map((f) => f.mean))})
STDS = np.array(${list(m.features.map((f) => f.std))})
LOOKBACK_DAYS = ${m.window.lookbackDays}
HORIZON_DAYS = ${m.window.horizonDays}
TARGET_MEAN = ${literal(m.target.mean)}
TARGET_STD = ${literal(m.target.std)}
QUANTILES = ${m.output?.kind === 'quantiles' ? 'True' : 'False'}  # True: 10th/50th/90th percentile per day, quantile-major


def feature_value(row, name):
    if name in ("doy_sin", "doy_cos"):
        doy = datetime.date.fromisoformat(row["date"]).timetuple().tm_yday
        angle = 2 * math.pi * doy / 365.25
        return math.sin(angle) if name == "doy_sin" else math.cos(angle)
    return row["values"][name]


def model_input(rows):
    """rows: the last LOOKBACK_DAYS consecutive days, oldest first: [{"date": "YYYY-MM-DD", "values": {...}}]."""
    if len(rows) != LOOKBACK_DAYS:
        raise ValueError(f"The model needs {LOOKBACK_DAYS} consecutive days, got {len(rows)}.")
    raw = np.array([[feature_value(r, f) for f in FEATURES] for r in rows], dtype=np.float64)
    return ((raw - MEANS) / STDS).astype(np.float32)[np.newaxis]


def forecast(session, rows):
    """The forecast per day in ${m.target.units || 'target units'}; with QUANTILES also the 80 % band (lower, upper)."""
    out = session.run(["forecast"], {"window": model_input(rows)})[0][0].astype(np.float64) * TARGET_STD + TARGET_MEAN
    if not QUANTILES:
        return {"values": out.tolist()}
    q = np.sort(out.reshape(3, HORIZON_DAYS), axis=0)
    return {"values": q[1].tolist(), "lower": q[0].tolist(), "upper": q[2].tolist()}


def main(folder):
    session = ort.InferenceSession(f"{folder}/model.onnx", providers=["CPUExecutionProvider"])
    with open(f"{folder}/test-vectors.json", encoding="utf-8") as f:
        vectors = json.load(f)
    worst = 0.0
    for v in vectors:
        got = forecast(session, v["rows"])
        for key, expected in (("values", "expected"), ("lower", "expectedLower"), ("upper", "expectedUpper")):
            for a, b in zip(got.get(key, []), v.get(expected, [])):
                worst = max(worst, abs(a - b))
    print(f"test vectors: {len(vectors)}, largest difference {worst:.2e} (allowed 1e-3)")
    if worst > 1e-3:
        sys.exit("model.onnx does not reproduce test-vectors.json: check the preprocessing (feature order, mean/std, dates).")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
`;
}

/** The Python, Java and C++ snippets of a bundle, by their path in the zip. */
export function onnxSnippets(metadata: ModelMetadata, vectors: readonly TestVector[]): Record<string, string> {
  return {
    'examples/forecast_onnx.py': pythonSnippet(metadata),
    'examples/ForecastOnnx.java': javaSnippet(metadata, vectors[0]),
    'examples/forecast_onnx.cpp': cppSnippet(metadata, vectors[0]),
  };
}
