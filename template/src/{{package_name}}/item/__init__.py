"""The example domain: items a user owns. Replace it with your product's own domain."""
