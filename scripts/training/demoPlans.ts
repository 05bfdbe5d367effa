import type { ArchitectureId } from './architectures';

/**
 * The shipped demo models and the data each is trained on. Sizes are chosen so that all of them
 * train in well under an hour on 2 CPU cores with the WASM backend (times are in docs/model-card.md).
 */
export interface DemoPlan {
  readonly taskId: string;
  readonly arch: ArchitectureId;
  readonly trainCount: number;
  readonly epochs: number;
}

export const DEMO_PLANS: readonly DemoPlan[] = [
  { taskId: 'lumpy-ske', arch: 'cnn', trainCount: 3000, epochs: 5 },
  { taskId: 'clb-loc', arch: 'cnn', trainCount: 4000, epochs: 10 },
  { taskId: 'chest', arch: 'cnn', trainCount: 3000, epochs: 10 },
  { taskId: 'chest', arch: 'resnet', trainCount: 3000, epochs: 5 },
  { taskId: 'histo', arch: 'cnn', trainCount: 2000, epochs: 4 },
];

export { HELD_OUT_COUNT, HELD_OUT_SEED, TRAINING_SEED } from '../../src/tasks/storedPrecision';
