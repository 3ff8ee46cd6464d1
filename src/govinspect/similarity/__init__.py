"""Near-duplicate documents across sites and runs (抄袭, W-D16): MinHash + LSH on our own numpy code."""
