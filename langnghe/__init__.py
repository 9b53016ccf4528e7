"""langnghe: social listening for Vietnamese public opinion."""

__version__ = "0.1.0"
