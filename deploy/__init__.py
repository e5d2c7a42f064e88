"""Deployment modules: the unchanged pipeline plus an executor; not part of the installed package."""
