#!/usr/bin/env python3
"""Writes test-fixtures/onnx/<name>/: small torchvision classifiers with seeded weights, exported
with torch.onnx.export as model.onnx (with metadata.json where the head is not in the graph), and
beside it pytorch.json with what PyTorch computes on a seeded input:
logits, probabilities (the head's), the eigenvalues of the Fisher Gram K = A J Jᵀ Aᵀ from
PyTorch's own autograd (METHOD.md, float64), and the directional derivative J·x.

Run with Debian's python3-torch + python3-torchvision (apt-get install -y python3-torch
python3-torchvision):  /usr/bin/python3 scripts/make-onnx-fixtures.py
CI never runs this: the outputs are committed (each .onnx well under 1 MB).
"""
import json
import os
import sys

import torch
import torch.nn as nn
import torchvision
from torchvision.models import convnext, densenet, efficientnet, mobilenetv2, mobilenetv3, resnet, vision_transformer

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test-fixtures', 'onnx')
CLASSES = 5
IMAGENET_MEAN = [0.485, 0.456, 0.406]
IMAGENET_STD = [0.229, 0.224, 0.225]


class SmallResNet(resnet.ResNet):
    """torchvision's ResNet (its blocks, _make_layer and forward) at small widths."""

    def __init__(self, block, layers, widths, num_classes, groups=1, width_per_group=64):
        nn.Module.__init__(self)
        self._norm_layer = nn.BatchNorm2d
        self.inplanes = widths[0]
        self.dilation = 1
        self.groups = groups
        self.base_width = width_per_group
        self.conv1 = nn.Conv2d(3, widths[0], kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(widths[0])
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.layer1 = self._make_layer(block, widths[0], layers[0])
        self.layer2 = self._make_layer(block, widths[1], layers[1], stride=2)
        self.layer3 = self._make_layer(block, widths[2], layers[2], stride=2)
        self.layer4 = self._make_layer(block, widths[3], layers[3], stride=2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(widths[3] * block.expansion, num_classes)


def resnet_small():
    return SmallResNet(resnet.BasicBlock, [1, 1, 1, 1], [8, 16, 24, 32], CLASSES)


def resnext_small():
    return SmallResNet(resnet.Bottleneck, [1, 1, 1, 1], [8, 8, 16, 16], CLASSES, groups=4, width_per_group=16)


def densenet_small():
    return densenet.DenseNet(growth_rate=6, block_config=(2, 2, 2), num_init_features=12, bn_size=2, num_classes=CLASSES)


def mobilenet_v2_small():
    setting = [[1, 8, 1, 1], [6, 12, 2, 2], [6, 16, 2, 2], [6, 24, 1, 1]]
    model = mobilenetv2.MobileNetV2(num_classes=CLASSES, width_mult=1.0, inverted_residual_setting=setting)
    # The 1280-channel last conv dominates the file; a narrower one keeps it small.
    last = model.features[-1]
    model.features[-1] = torchvision.ops.misc.Conv2dNormActivation(last[0].in_channels, 64, kernel_size=1, norm_layer=nn.BatchNorm2d, activation_layer=nn.ReLU6)
    model.classifier[1] = nn.Linear(64, CLASSES)
    return model


def mobilenet_v3_small():
    cfg = mobilenetv3.InvertedResidualConfig
    setting = [
        cfg(16, 3, 16, 16, True, 'RE', 2, 1, 0.5),
        cfg(16, 3, 48, 24, False, 'RE', 2, 1, 0.5),
        cfg(24, 5, 64, 24, True, 'HS', 1, 1, 0.5),
        cfg(24, 5, 64, 32, True, 'HS', 2, 1, 0.5),
        cfg(32, 3, 96, 32, True, 'HS', 1, 2, 0.5),  # dilated depthwise conv
    ]
    return mobilenetv3.MobileNetV3(setting, last_channel=64, num_classes=CLASSES)


def efficientnet_small():
    cfg = efficientnet.MBConvConfig
    setting = [
        cfg(1, 3, 1, 16, 8, 1, 0.5, 1.0),
        cfg(6, 3, 2, 8, 12, 2, 0.5, 1.0),
        cfg(6, 5, 2, 12, 16, 1, 0.5, 1.0),
        cfg(6, 3, 2, 16, 24, 1, 0.5, 1.0),
    ]
    return efficientnet.EfficientNet(setting, dropout=0.2, stochastic_depth_prob=0.2, num_classes=CLASSES, last_channel=64)


def convnext_small():
    cfg = convnext.CNBlockConfig
    return convnext.ConvNeXt([cfg(8, 16, 1), cfg(16, 24, 1), cfg(24, None, 1)], stochastic_depth_prob=0.1, layer_scale=0.5, num_classes=CLASSES)


def vit_small():
    return vision_transformer.VisionTransformer(image_size=32, patch_size=8, num_layers=2, num_heads=2, hidden_dim=16, mlp_dim=32, num_classes=CLASSES)


def randomise(model, seed):
    """Seeded weights everywhere, including what torchvision zero-initialises (ViT's head and class
    token) and batch-norm statistics, so that no layer of the fixture is trivial."""
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, (nn.Conv2d, nn.Linear)):
                fan_in = module.weight[0].numel()
                module.weight.copy_(torch.randn(module.weight.shape, generator=gen) * (1.6 / fan_in) ** 0.5)
                if module.bias is not None:
                    module.bias.copy_(torch.randn(module.bias.shape, generator=gen) * 0.1)
            elif isinstance(module, (nn.BatchNorm2d, nn.LayerNorm)):
                if getattr(module, 'weight', None) is not None:
                    module.weight.copy_(0.5 + torch.rand(module.weight.shape, generator=gen))
                    module.bias.copy_(torch.randn(module.bias.shape, generator=gen) * 0.1)
                if isinstance(module, nn.BatchNorm2d):
                    module.running_mean.copy_(torch.randn(module.running_mean.shape, generator=gen) * 0.1)
                    module.running_var.copy_(0.5 + torch.rand(module.running_var.shape, generator=gen))
        for name, p in model.named_parameters():
            if name.endswith('class_token') or name.endswith('pos_embedding') or name.endswith('layer_scale'):
                p.copy_(torch.randn(p.shape, generator=gen) * 0.5)
    return model


def x_for(seed, size):
    """A seeded image in [0, 1], ImageNet-normalised: the model-space input."""
    gen = torch.Generator().manual_seed(1000 + seed)
    image = torch.rand((1, 3, size, size), generator=gen)
    mean = torch.tensor(IMAGENET_MEAN).reshape(1, 3, 1, 1)
    std = torch.tensor(IMAGENET_STD).reshape(1, 3, 1, 1)
    return ((image - mean) / std).float()


def normalise_logits(model, x):
    """Scales the last linear layer so that the logits spread about 1.5 on the fixture's input: a
    prediction that is not saturated, so that every Fisher eigenvalue is well above float32 noise."""
    last = [m for m in model.modules() if isinstance(m, nn.Linear)][-1]
    with torch.no_grad():
        z = model(x)[0]
        scale = 1.5 / float(z.std())
        last.weight.mul_(scale)
        last.bias.mul_(scale)


class WithHead(nn.Module):
    def __init__(self, model, head):
        super().__init__()
        self.model = model
        self.head = head

    def forward(self, x):
        z = self.model(x)
        return torch.softmax(z, dim=1) if self.head == 'softmax' else torch.sigmoid(z)


def fisher_gram_eigenvalues(model, x, head):
    """K = A J Jᵀ Aᵀ (METHOD.md) from autograd's logit Jacobian, in float64."""
    j = torch.autograd.functional.jacobian(lambda v: model(v)[0], x)  # C × 1 × Ch × H × W
    j = j.reshape(j.shape[0], -1).double()
    z = model(x)[0].detach().double()
    if head == 'softmax':
        p = torch.softmax(z, 0)
        a = torch.diag(p.sqrt()) @ (torch.eye(len(p), dtype=torch.float64) - torch.outer(torch.ones_like(p), p))
    else:
        q = torch.sigmoid(z)
        a = torch.diag((q * (1 - q)).sqrt())
    k = a @ (j @ j.T) @ a.T
    eig = torch.linalg.eigvalsh(k).flip(0)
    directional = j @ x.reshape(-1).double()
    return eig.tolist(), directional.tolist()


# name, builder, size, head, where the head is (node: a Softmax/Sigmoid node in the graph;
# metadata: raw logits, head given by metadata.json), opset, dynamic batch axis
FIXTURES = [
    ('resnet', resnet_small, 64, 'softmax', 'node', 17, True),
    ('resnext', resnext_small, 32, 'softmax', 'metadata', 13, False),
    ('densenet', densenet_small, 32, 'sigmoid', 'node', 17, True),
    ('mobilenet_v2', mobilenet_v2_small, 32, 'softmax', 'node', 11, True),
    ('mobilenet_v3', mobilenet_v3_small, 32, 'softmax', 'metadata', 17, True),
    ('efficientnet', efficientnet_small, 32, 'softmax', 'node', 13, False),
    ('convnext', convnext_small, 32, 'sigmoid', 'metadata', 17, True),
    ('vit', vit_small, 32, 'softmax', 'node', 14, True),
]


def main():
    os.makedirs(OUT, exist_ok=True)
    only = set(sys.argv[1:])
    for seed, (name, build, size, head, head_in, opset, dynamic) in enumerate(FIXTURES, start=1):
        if only and name not in only:
            continue
        torch.manual_seed(seed)
        model = randomise(build(), seed).eval()
        normalise_logits(model, x_for(seed, size))
        exported = WithHead(model, head).eval() if head_in == 'node' else model
        x = x_for(seed, size)
        folder = os.path.join(OUT, name)
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, 'model.onnx')
        torch.onnx.export(
            exported,
            x,
            path,
            opset_version=opset,
            input_names=['input'],
            output_names=['output'],
            dynamic_axes={'input': {0: 'batch'}, 'output': {0: 'batch'}} if dynamic else None,
            do_constant_folding=True,
        )
        with torch.no_grad():
            logits = model(x)[0]
        probabilities = torch.softmax(logits, 0) if head == 'softmax' else torch.sigmoid(logits)
        eigenvalues, directional = fisher_gram_eigenvalues(model, x.clone().requires_grad_(True), head)
        record = {
            'architecture': f'torchvision {type(model).__name__}',
            'torch': torch.__version__,
            'torchvision': torchvision.__version__,
            'opset': opset,
            'dynamicBatch': dynamic,
            'head': head,
            'headIn': head_in,
            'inputNchw': [1, 3, size, size],
            # The model-space input (ImageNet-normalised image), NCHW order, as PyTorch saw it.
            'x': [round(v, 7) for v in x.reshape(-1).tolist()],
            'logits': logits.tolist(),
            'probabilities': probabilities.tolist(),
            'fisherGramEigenvalues': eigenvalues,
            'jacobianTimesX': directional,
        }
        with open(os.path.join(folder, 'pytorch.json'), 'w') as f:
            json.dump(record, f)
        if head_in == 'metadata':
            metadata = {
                'formatVersion': 1,
                'id': name.replace('_', '-'),
                'title': f'{name} (small, seeded weights)',
                'description': 'test fixture made by scripts/make-onnx-fixtures.py',
                'classes': [f'c{i}' for i in range(CLASSES)],
                'head': head,
                'input': {'height': size, 'width': size, 'channels': 3},
                'preprocessing': {'intensity': 'unit', 'mean': IMAGENET_MEAN, 'std': IMAGENET_STD, 'resize': 'bilinear'},
            }
            with open(os.path.join(folder, 'metadata.json'), 'w') as f:
                json.dump(metadata, f, indent=2)
        print(f'{name}: {os.path.getsize(path)} bytes, opset {opset}, eigenvalues {[f"{e:.4g}" for e in eigenvalues]}')


if __name__ == '__main__':
    main()
