/**
 * Java and C++ code for model.onnx with ONNX Runtime, with this model's recipe written into the code and
 * the first test vector as a self-check (neither language reads JSON without a library).
 */
import type { ForecastRecipe, ModelMetadata, TestVector } from '../ml/export/metadata.ts';
import { ONNX_RUNTIME_VERIFIED } from '../ml/version.ts';

/** A number as the shortest text that reads back as the same float64 (valid in Python, Java and C++). */
export const literal = (v: number): string => {
  if (!Number.isFinite(v)) throw new Error(`The recipe holds ${v}, which cannot be written into code.`);
  return String(v);
};

/** The names of the features read from columns, in the model's order. */
export const columnsOf = (m: ForecastRecipe): string[] => m.features.filter((f) => f.source === 'column').map((f) => f.name);

type Recipe = Pick<ModelMetadata, 'target' | 'window' | 'features' | 'output'>;

const strings = (xs: readonly string[]) => xs.map((x) => JSON.stringify(x)).join(', ');
const numbers = (xs: readonly number[]) => xs.map(literal).join(', ');
const quantiles = (m: Recipe) => m.output?.kind === 'quantiles';

/** Java: ONNX Runtime's Java API (`ai.onnxruntime`). */
export function javaSnippet(m: Recipe, vector: TestVector): string {
  const columns = columnsOf(m);
  const rows = vector.rows.map((r) => `      row("${r.date}", ${numbers(columns.map((c) => r.values[c]))})`).join(',\n');
  return `// Forecast ${m.target.name} (${m.target.units}) with model.onnx on the JVM: ONNX Runtime's Java API, no TensorFlow.
// Maven: com.microsoft.onnxruntime:onnxruntime:${ONNX_RUNTIME_VERIFIED}
//   javac -cp onnxruntime-${ONNX_RUNTIME_VERIFIED}.jar ForecastOnnx.java
//   java -cp onnxruntime-${ONNX_RUNTIME_VERIFIED}.jar:. ForecastOnnx DIR      (DIR: the unzipped bundle)
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

public final class ForecastOnnx {
  // The recipe of metadata.json for this model: feature order, normalization, window, target scaling.
  static final String[] FEATURES = {${strings(m.features.map((f) => f.name))}};
  static final double[] MEANS = {${numbers(m.features.map((f) => f.mean))}};
  static final double[] STDS = {${numbers(m.features.map((f) => f.std))}};
  static final int LOOKBACK_DAYS = ${m.window.lookbackDays};
  static final int HORIZON_DAYS = ${m.window.horizonDays};
  static final double TARGET_MEAN = ${literal(m.target.mean)};
  static final double TARGET_STD = ${literal(m.target.std)};
  /** True: the model gives the 10th, 50th and 90th percentile of each day, quantile-major. */
  static final boolean QUANTILES = ${quantiles(m)};
  /** The raw columns of a row, in this order (doy_sin and doy_cos come from the date). */
  static final String[] COLUMNS = {${strings(columns)}};

  /** One day of raw data: its date (YYYY-MM-DD) and its values in COLUMNS order. */
  record Row(String date, double[] values) {}

  static Row row(String date, double... values) {
    return new Row(date, values);
  }

  static double featureValue(Row row, String name) {
    if (name.equals("doy_sin") || name.equals("doy_cos")) {
      double angle = 2 * Math.PI * LocalDate.parse(row.date()).getDayOfYear() / 365.25;
      return name.equals("doy_sin") ? Math.sin(angle) : Math.cos(angle);
    }
    return row.values()[Arrays.asList(COLUMNS).indexOf(name)];
  }

  /** The normalized input [1, LOOKBACK_DAYS, features] from the last LOOKBACK_DAYS consecutive days, oldest first. */
  static float[] modelInput(List<Row> rows) {
    if (rows.size() != LOOKBACK_DAYS) throw new IllegalArgumentException("The model needs " + LOOKBACK_DAYS + " consecutive days, got " + rows.size());
    float[] x = new float[LOOKBACK_DAYS * FEATURES.length];
    for (int t = 0; t < LOOKBACK_DAYS; t++) {
      for (int j = 0; j < FEATURES.length; j++) x[t * FEATURES.length + j] = (float) ((featureValue(rows.get(t), FEATURES[j]) - MEANS[j]) / STDS[j]);
    }
    return x;
  }

  /** The forecast per horizon day in ${m.target.units || 'target units'} (the median for an interval model). */
  static double[] forecast(OrtEnvironment env, OrtSession session, List<Row> rows) throws OrtException {
    long[] shape = {1, LOOKBACK_DAYS, FEATURES.length};
    try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(modelInput(rows)), shape);
        OrtSession.Result result = session.run(Map.of("window", input))) {
      float[] out = ((float[][]) result.get(0).getValue())[0];
      double[] days = new double[HORIZON_DAYS];
      for (int d = 0; d < HORIZON_DAYS; d++) {
        double value = out[d];
        if (QUANTILES) {
          double[] q = {out[d], out[HORIZON_DAYS + d], out[2 * HORIZON_DAYS + d]};
          Arrays.sort(q); // the three percentiles never cross: q[0] ≤ q[1] ≤ q[2] is the 80 % band around the median
          value = q[1];
        }
        days[d] = value * TARGET_STD + TARGET_MEAN;
      }
      return days;
    }
  }

  public static void main(String[] args) throws OrtException {
    String dir = args.length > 0 ? args[0] : ".";
    // The first window of test-vectors.json and the forecast it must give.
    List<Row> rows = List.of(
${rows});
    double[] expected = {${numbers(vector.expected)}};
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session = env.createSession(dir + "/model.onnx", new OrtSession.SessionOptions())) {
      double[] got = forecast(env, session, rows);
      double worst = 0;
      for (int d = 0; d < HORIZON_DAYS; d++) worst = Math.max(worst, Math.abs(got[d] - expected[d]));
      System.out.printf("forecast %s, largest difference from test-vectors.json %.2e (allowed 1e-3)%n", Arrays.toString(got), worst);
      if (worst > 1e-3) {
        System.err.println("model.onnx does not reproduce test-vectors.json: check the preprocessing (feature order, mean/std, dates).");
        System.exit(1);
      }
    }
  }
}
`;
}

/** C++: ONNX Runtime's C++ API (`onnxruntime_cxx_api.h`). */
export function cppSnippet(m: Recipe, vector: TestVector): string {
  const columns = columnsOf(m);
  const rows = vector.rows.map((r) => `      {"${r.date}", {${numbers(columns.map((c) => r.values[c]))}}}`).join(',\n');
  return `// Forecast ${m.target.name} (${m.target.units}) with model.onnx from C++: ONNX Runtime's C++ API, no TensorFlow.
// ONNX Runtime ${ONNX_RUNTIME_VERIFIED} (the release package's include/ and lib/):
//   g++ -std=c++17 forecast_onnx.cpp -I$ORT/include -L$ORT/lib -lonnxruntime -o forecast_onnx
//   ./forecast_onnx DIR      (DIR: the unzipped bundle)
#include <onnxruntime_cxx_api.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

// The recipe of metadata.json for this model: feature order, normalization, window, target scaling.
const std::vector<std::string> FEATURES = {${strings(m.features.map((f) => f.name))}};
const std::vector<double> MEANS = {${numbers(m.features.map((f) => f.mean))}};
const std::vector<double> STDS = {${numbers(m.features.map((f) => f.std))}};
constexpr int LOOKBACK_DAYS = ${m.window.lookbackDays};
constexpr int HORIZON_DAYS = ${m.window.horizonDays};
constexpr double TARGET_MEAN = ${literal(m.target.mean)};
constexpr double TARGET_STD = ${literal(m.target.std)};
// true: the model gives the 10th, 50th and 90th percentile of each day, quantile-major.
constexpr bool QUANTILES = ${quantiles(m)};
// The raw columns of a row, in this order (doy_sin and doy_cos come from the date).
const std::vector<std::string> COLUMNS = {${strings(columns)}};

struct Row {
  std::string date;            // YYYY-MM-DD
  std::vector<double> values;  // in COLUMNS order
};

int dayOfYear(const std::string& iso) {
  const int y = std::stoi(iso.substr(0, 4)), m = std::stoi(iso.substr(5, 2)), d = std::stoi(iso.substr(8, 2));
  static const int before[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return before[m - 1] + d + (leap && m > 2 ? 1 : 0);
}

double featureValue(const Row& row, const std::string& name) {
  if (name == "doy_sin" || name == "doy_cos") {
    const double angle = 2 * std::acos(-1.0) * dayOfYear(row.date) / 365.25;
    return name == "doy_sin" ? std::sin(angle) : std::cos(angle);
  }
  return row.values.at(std::find(COLUMNS.begin(), COLUMNS.end(), name) - COLUMNS.begin());
}

// The normalized input [1, LOOKBACK_DAYS, features] from the last LOOKBACK_DAYS consecutive days, oldest first.
std::vector<float> modelInput(const std::vector<Row>& rows) {
  if (rows.size() != LOOKBACK_DAYS) throw std::invalid_argument("The model needs " + std::to_string(LOOKBACK_DAYS) + " consecutive days");
  std::vector<float> x;
  for (const Row& row : rows) {
    for (size_t j = 0; j < FEATURES.size(); j++) x.push_back(static_cast<float>((featureValue(row, FEATURES[j]) - MEANS[j]) / STDS[j]));
  }
  return x;
}

// The forecast per horizon day in ${m.target.units || 'target units'} (the median for an interval model).
std::vector<double> forecast(Ort::Session& session, const std::vector<Row>& rows) {
  std::vector<float> x = modelInput(rows);
  const std::array<int64_t, 3> shape{1, LOOKBACK_DAYS, static_cast<int64_t>(FEATURES.size())};
  Ort::MemoryInfo memory = Ort::MemoryInfo::CreateCpu(OrtArenaAllocator, OrtMemTypeDefault);
  Ort::Value input = Ort::Value::CreateTensor<float>(memory, x.data(), x.size(), shape.data(), shape.size());
  const char* inputNames[] = {"window"};
  const char* outputNames[] = {"forecast"};
  std::vector<Ort::Value> outputs = session.Run(Ort::RunOptions{nullptr}, inputNames, &input, 1, outputNames, 1);
  const float* out = outputs[0].GetTensorData<float>();
  std::vector<double> days;
  for (int d = 0; d < HORIZON_DAYS; d++) {
    double value = out[d];
    if (QUANTILES) {
      std::array<double, 3> q{out[d], out[HORIZON_DAYS + d], out[2 * HORIZON_DAYS + d]};
      std::sort(q.begin(), q.end());  // the three percentiles never cross: q[0] <= q[1] <= q[2] is the 80 % band
      value = q[1];
    }
    days.push_back(value * TARGET_STD + TARGET_MEAN);
  }
  return days;
}

int main(int argc, char** argv) {
  const std::string dir = argc > 1 ? argv[1] : ".";
  // The first window of test-vectors.json and the forecast it must give.
  const std::vector<Row> rows = {
${rows}};
  const std::vector<double> expected = {${numbers(vector.expected)}};
  Ort::Env env(ORT_LOGGING_LEVEL_WARNING, "forecast");
  Ort::SessionOptions options;
  // On Windows the path is a wide string (ORTCHAR_T).
  Ort::Session session(env, (dir + "/model.onnx").c_str(), options);
  const std::vector<double> got = forecast(session, rows);
  double worst = 0;
  for (int d = 0; d < HORIZON_DAYS; d++) worst = std::max(worst, std::abs(got[d] - expected[d]));
  std::printf("forecast day 1: %.3f, largest difference from test-vectors.json %.2e (allowed 1e-3)\\n", got[0], worst);
  if (worst > 1e-3) {
    std::fprintf(stderr, "model.onnx does not reproduce test-vectors.json: check the preprocessing (feature order, mean/std, dates).\\n");
    return 1;
  }
  return 0;
}
`;
}
