"""PyTorch reference for `npm run bench`: the same five models, data windows and training
settings as the TensorFlow.js runs (Adam 0.003, batch 32, MSE, best-validation weights restored),
on the CPU with 2 threads. Reads the windows that bench/run.ts wrote; prints one JSON object.

Usage: python3 bench/torch_reference.py DATA_DIR EPOCHS WARMUP ARCH[,ARCH...]
"""
import json
import sys
import time

import numpy as np
import torch
from torch import nn

torch.set_num_threads(2)
torch.manual_seed(42)


def load(data_dir):
    meta = json.load(open(f"{data_dir}/meta.json"))
    sets = {}
    for name in ("train", "validation", "test"):
        n = meta[name]
        x = np.fromfile(f"{data_dir}/{name}-x.f32", dtype=np.float32).reshape(n, meta["lookback"], meta["features"])
        y = np.fromfile(f"{data_dir}/{name}-y.f32", dtype=np.float32).reshape(n, meta["horizon"])
        sets[name] = (torch.from_numpy(x), torch.from_numpy(y))
    return meta, sets


class Recurrent(nn.Module):
    def __init__(self, cell, features, units, horizon):
        super().__init__()
        self.rnn = cell(features, units, batch_first=True)
        self.out = nn.Linear(units, horizon)

    def forward(self, x):
        seq, _ = self.rnn(x)
        return self.out(seq[:, -1, :])


class Cnn(nn.Module):
    def __init__(self, lookback, features, units, horizon):
        super().__init__()
        self.conv = nn.Conv1d(features, units, 3, padding=1)
        self.out = nn.Linear(lookback * units, horizon)

    def forward(self, x):
        h = torch.relu(self.conv(x.transpose(1, 2)))  # [batch, units, lookback]
        return self.out(h.transpose(1, 2).reshape(x.shape[0], -1))


def build(arch, meta):
    lookback, features, horizon, units = meta["lookback"], meta["features"], meta["horizon"], 32
    flat = lookback * features
    if arch == "linear":
        return nn.Sequential(nn.Flatten(), nn.Linear(flat, horizon))
    if arch == "mlp":
        return nn.Sequential(nn.Flatten(), nn.Linear(flat, units), nn.ReLU(), nn.Linear(units, horizon))
    if arch == "cnn":
        return Cnn(lookback, features, units, horizon)
    if arch == "lstm":
        return Recurrent(nn.LSTM, features, units, horizon)
    if arch == "gru":
        return Recurrent(nn.GRU, features, units, horizon)
    raise ValueError(arch)


def run(arch, meta, sets, epochs, warmup):
    torch.manual_seed(42)
    model = build(arch, meta)
    opt = torch.optim.Adam(model.parameters(), lr=0.003)
    loss_fn = nn.MSELoss()
    (xt, yt), (xv, yv), (xs, ys) = sets["train"], sets["validation"], sets["test"]
    n = xt.shape[0]
    gen = torch.Generator().manual_seed(42)
    epoch_ms, best, best_state, best_epoch = [], float("inf"), None, 0
    t_start = time.perf_counter()
    for epoch in range(1, epochs + 1):
        e0 = time.perf_counter()
        model.train()
        order = torch.randperm(n, generator=gen)
        for b in range(0, n, 32):
            idx = order[b:b + 32]
            opt.zero_grad()
            loss = loss_fn(model(xt[idx]), yt[idx])
            loss.backward()
            opt.step()
        model.eval()
        with torch.no_grad():
            val = loss_fn(model(xv), yv).item()
        epoch_ms.append((time.perf_counter() - e0) * 1000)
        if val < best:
            best, best_epoch = val, epoch
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
    model.load_state_dict(best_state)
    with torch.no_grad():
        mae = (model(xs) - ys).abs().mean().item() * meta["targetStd"]
    counted = epoch_ms[warmup:] if len(epoch_ms) > warmup else epoch_ms
    return {
        "arch": arch, "epochs": epochs, "warmupEpochs": warmup, "backend": "pytorch-cpu",
        "msPerEpoch": sum(counted) / len(counted), "epochMs": epoch_ms, "testMae": mae,
        "bestEpoch": best_epoch, "msTotal": (time.perf_counter() - t_start) * 1000,
    }


def main():
    data_dir, epochs, warmup, archs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4].split(",")
    meta, sets = load(data_dir)
    results = [run(a, meta, sets, epochs, warmup) for a in archs]
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "results": results}))


if __name__ == "__main__":
    main()
