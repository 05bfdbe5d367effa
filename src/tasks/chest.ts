/**
 * `chest`: a procedural chest-radiograph-like phantom (PA view), 128×128 grayscale, multi-label.
 *
 * Display convention: radiological. The patient faces the viewer, so the patient's RIGHT lung is on
 * the IMAGE LEFT (columns < 64) and the patient's LEFT lung, with the heart shadow bulging into it,
 * is on the IMAGE RIGHT (columns ≥ 64). Bright = dense (bone, soft tissue), dark = air (lungs).
 *
 * Anatomy (varies per sample, drawn from the background stream): body outline (superellipse), two
 * lung fields (rounded apices, lateral walls, diaphragm domes meeting the walls at the costophrenic
 * angles; left hemidiaphragm lower than the right), heart shadow (cardiothoracic ratio 0.38–0.56,
 * shifted to the patient's left), mediastinum, spine with vertebral bodies, clavicles, posterior
 * ribs (curved bands with variable spacing) and faint anterior ribs, hilar vessels and lung
 * markings (correlated noise inside the lungs), correlated acquisition noise; global pose
 * (rotation ±3.4°, shift ±2.5 px, scale 0.93–1.04) and brightness/contrast variation.
 *
 * Labels (sigmoid head, each present with probability 0.4 independently):
 *   0 `nodule-left-lung`  — a small bright round opacity (radius 3–5 px) in the patient's left
 *                           lung, i.e. on the image right;
 *   1 `nodule-right-lung` — the same in the patient's right lung, on the image left;
 *   2 `pleural-effusion`  — fluid at the lung base: homogeneous opacity filling the costophrenic
 *                           angle with a meniscus (higher laterally), blunting the angle and
 *                           obscuring the hemidiaphragm; right, left or both sides.
 * Masks: a disc per nodule; the fluid region (lung ∩ below the meniscus) for the effusion.
 *
 * This is a teaching phantom, not an anatomical model: proportions follow textbook PA chest
 * anatomy (e.g. a normal cardiothoracic ratio < 0.5, Danzer 1919; costophrenic-angle blunting as the
 * radiographic sign of effusion, e.g. Blackmore et al. 1996), and the parameters are design choices.
 *
 * Modules: ./chestParams (size, labels, parameter ranges), ./chestMeta (task metadata),
 * ./chestAnatomy (per-sample anatomy and lung geometry), ./chestFindings (effusion and nodules),
 * ./chestRender (the image). This module is the public entry point.
 */
import { CHEST_PARAMS } from './chestParams';
import { chestMeta } from './chestMeta';
import { renderChest } from './chestRender';
import type { TaskDefinition } from './types';

export { CHEST_LABELS, CHEST_PARAMS } from './chestParams';
export { chestMeta } from './chestMeta';
export { chestLungMasks } from './chestAnatomy';

const P = CHEST_PARAMS;

export const chest: TaskDefinition = { meta: chestMeta, labelPrior: [P.labelPrior, P.labelPrior, P.labelPrior], render: renderChest };
