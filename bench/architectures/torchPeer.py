#!/usr/bin/env python3
"""PyTorch peer for bench/architectures.ts: rebuilds the TF.js logit model from its exported
topology and weights (runOne.ts --export), checks that its logits and logit Jacobian agree with
TF.js's, and times the Jacobian the way a PyTorch user computes it: one backward pass over C tiled
copies of the image with one-hot cotangents, float32, one thread.

The network is interpreted layer by layer from the Keras config with torch.nn.functional, so it
is the same architecture by construction (TF 'same' padding reproduced exactly, NHWC weights
permuted to NCHW). Two timings: weights frozen (requires_grad False: input gradients only, the
fair peer of the analysis mode) and weights requiring grad (a default nn.Module's autograd).

usage: torchPeer.py EXPORT_DIR [--repeats 3]
"""
import json
import math
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(1)


def load(export_dir):
    with open(f"{export_dir}/model.json") as f:
        meta = json.load(f)
    flat = np.fromfile(f"{export_dir}/weights.bin", dtype=np.float32)
    weights = {}
    for entry in meta["weights"]:
        size = int(np.prod(entry["shape"])) if entry["shape"] else 1
        weights.setdefault(entry["layer"], {})[entry["name"]] = flat[entry["offset"]:entry["offset"] + size].reshape(entry["shape"])
    return meta, weights


def same_pads(size, k, s):
    out = math.ceil(size / s)
    total = max((out - 1) * s + k - size, 0)
    return total // 2, total - total // 2


def pair(v):
    return (v, v) if isinstance(v, int) else (v[0], v[1] if len(v) > 1 else v[0])


def activation(name, x):
    if name in (None, "linear"):
        return x
    if name == "relu":
        return F.relu(x)
    if name == "relu6":
        return F.hardtanh(x, 0.0, 6.0)
    if name == "sigmoid":
        return torch.sigmoid(x)
    if name == "tanh":
        return torch.tanh(x)
    if name == "elu":
        return F.elu(x)
    if name == "softmax":
        return F.softmax(x, dim=1)
    raise ValueError(f"activation {name} not supported by the peer")


def pad_same(x, kernel, strides, fill=0.0):
    (kh, kw), (sh, sw) = kernel, strides
    top, bottom = same_pads(x.shape[2], kh, sh)
    left, right = same_pads(x.shape[3], kw, sw)
    return F.pad(x, (left, right, top, bottom), value=fill) if top + bottom + left + right else x


class Network:
    def __init__(self, meta, weights, requires_grad):
        topology = meta["topology"]
        self.config = topology["config"]
        self.params = {}
        for layer, named in weights.items():
            # Running statistics are buffers in PyTorch, never trained.
            self.params[layer] = {k: torch.tensor(v, requires_grad=requires_grad and not k.startswith("moving_")) for k, v in named.items()}
        # NHWC kernels → NCHW once.
        for layer in self.config["layers"]:
            p = self.params.get(layer["name"], {})
            if layer["class_name"] == "Conv2D":
                p["kernel"] = p["kernel"].detach().permute(3, 2, 0, 1).contiguous().requires_grad_(requires_grad)
            elif layer["class_name"] == "DepthwiseConv2D":
                k = p["depthwise_kernel"].detach()
                kh, kw, c, m = k.shape
                p["depthwise_kernel"] = k.permute(2, 3, 0, 1).reshape(c * m, 1, kh, kw).contiguous().requires_grad_(requires_grad)
            elif layer["class_name"] == "Dense":
                p["kernel"] = p["kernel"].detach().t().contiguous().requires_grad_(requires_grad)

    def layer(self, spec, inputs):
        cls, c, p = spec["class_name"], spec["config"], self.params.get(spec["name"], {})
        x = inputs[0]
        if cls == "InputLayer":
            return x
        if cls in ("Conv2D", "DepthwiseConv2D"):
            kernel, strides = pair(c["kernel_size"]), pair(c["strides"])
            if c["padding"] == "same":
                x = pad_same(x, kernel, strides)
            if cls == "Conv2D":
                y = F.conv2d(x, p["kernel"], p.get("bias"), stride=strides)
            else:
                y = F.conv2d(x, p["depthwise_kernel"], p.get("bias"), stride=strides, groups=x.shape[1])
            return activation(c.get("activation"), y)
        if cls == "BatchNormalization":
            return F.batch_norm(x, p["moving_mean"], p["moving_variance"], p.get("gamma"), p.get("beta"), False, 0.0, c["epsilon"])
        if cls == "Activation":
            return activation(c["activation"], x)
        if cls == "ReLU":
            return F.relu(x) if c.get("max_value") is None else torch.clamp(x, 0.0, c["max_value"])
        if cls == "ZeroPadding2D":
            (t, b), (l, r) = c["padding"]
            return F.pad(x, (l, r, t, b))
        if cls == "MaxPooling2D":
            kernel, strides = pair(c["pool_size"]), pair(c["strides"] or c["pool_size"])
            if c["padding"] == "same":
                x = pad_same(x, kernel, strides, -math.inf)
            return F.max_pool2d(x, kernel, strides)
        if cls == "AveragePooling2D":
            if c["padding"] != "valid":
                raise ValueError("AveragePooling2D 'same' not supported by the peer")
            return F.avg_pool2d(x, pair(c["pool_size"]), pair(c["strides"] or c["pool_size"]))
        if cls == "GlobalAveragePooling2D":
            return x.mean(dim=(2, 3))
        if cls == "Flatten":
            return x.permute(0, 2, 3, 1).flatten(1) if x.dim() == 4 else x.flatten(1)
        if cls == "Dense":
            return activation(c.get("activation"), F.linear(x, p["kernel"], p.get("bias")))
        if cls == "Add":
            out = inputs[0]
            for other in inputs[1:]:
                out = out + other
            return out
        if cls == "Concatenate":
            return torch.cat(inputs, dim=1)
        if cls == "Dropout":
            return x
        raise ValueError(f"layer {cls} not supported by the peer")

    def __call__(self, x_nhwc):
        values = {}
        for spec in self.config["layers"]:
            if spec["class_name"] == "InputLayer":
                values[spec["name"]] = x_nhwc.permute(0, 3, 1, 2)
                continue
            inbound = spec["inbound_nodes"][0]
            inputs = [values[name] for name, *_ in inbound]
            values[spec["name"]] = self.layer(spec, inputs)
        return values[self.config["output_layers"][0][0]]


def jacobian(net, x, classes):
    tiled = x.repeat(classes, 1, 1, 1).requires_grad_(True)
    out = net(tiled)
    out.backward(torch.eye(classes))
    return tiled.grad.reshape(classes, -1)


def median_seconds(f, repeats):
    f()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main():
    export_dir = sys.argv[1]
    repeats = int(sys.argv[sys.argv.index("--repeats") + 1]) if "--repeats" in sys.argv else 3
    meta, weights = load(export_dir)
    h, w, c = meta["inputShape"]
    classes = meta["classes"]
    x = torch.tensor(np.fromfile(f"{export_dir}/x.bin", dtype=np.float32).reshape(1, h, w, c))
    tf_logits = np.fromfile(f"{export_dir}/logits.bin", dtype=np.float32)
    tf_jacobian = np.fromfile(f"{export_dir}/jacobian.bin", dtype=np.float32)
    frozen = Network(meta, weights, requires_grad=False)
    with torch.no_grad():
        logits = frozen(x).numpy().ravel()
    j = jacobian(frozen, x, classes).numpy().ravel()
    result = {
        "logitsRelDiff": float(np.abs(logits - tf_logits).max() / max(np.abs(tf_logits).max(), 1e-30)),
        "jacobianRelDiff": float(np.abs(j - tf_jacobian).max() / max(np.abs(tf_jacobian).max(), 1e-30)),
        "torchVersion": torch.__version__,
        "threads": torch.get_num_threads(),
    }
    xC = x.repeat(classes, 1, 1, 1)
    with torch.no_grad():
        result["forward1Ms"] = 1000 * median_seconds(lambda: frozen(x), repeats)
        result["forwardCMs"] = 1000 * median_seconds(lambda: frozen(xC), repeats)
    result["jacobianMs"] = 1000 * median_seconds(lambda: jacobian(frozen, x, classes), repeats)
    trainable = Network(meta, weights, requires_grad=True)
    result["jacobianWithWeightGradsMs"] = 1000 * median_seconds(lambda: jacobian(trainable, x, classes), repeats)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
