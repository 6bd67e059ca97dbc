"""Static files storage for production: WhiteNoise's hashed + compressed manifest storage that
does not stop ``collectstatic`` when a vendor file names a source map that is not shipped.

Django rewrites ``sourceMappingURL`` comments to the hashed name of the map and raises
``ValueError`` when the map is missing, which aborts collectstatic and leaves no manifest (every
page then answers 500). A missing *source map* only costs the browser's developer tools, so the
comment is left as written; a missing stylesheet, image or script import still fails loudly.
The Makefile copies the maps that npm ships, so this is the safety net, not the fix.
"""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class ManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    def url_converter(self, name, hashed_files, template=None):
        converter = super().url_converter(name, hashed_files, template)
        if not template or "sourceMappingURL" not in template:
            return converter

        def tolerant(matchobj):
            try:
                return converter(matchobj)
            except ValueError:  # the map is not there: keep the comment unchanged
                return matchobj.group("matched")

        return tolerant
