"""mcqa: micro-credential quality assurance.

Reads micro-credential metadata, applies versioned rule packs that encode the
standards, and reports cited findings. The public API is re-exported here.
"""

__version__ = "0.1.0"
