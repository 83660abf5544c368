"""The frozen app's entry script: the same ``main`` as ``python -m b24desk``.

PyInstaller needs a script file; using ``b24desk/__main__.py`` itself would put the
package folder on the module search path (its modules would also be importable as
top-level names), so this launcher imports the package like any other client.
"""

import sys

from b24desk.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
