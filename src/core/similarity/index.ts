export * from './spearman';
export * from './ssim';
