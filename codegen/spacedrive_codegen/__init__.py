"""Code generation for Spacedrive guest modules."""
