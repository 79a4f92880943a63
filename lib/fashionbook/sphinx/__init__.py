"""The book's build machinery, kept apart from the code that learners import.

No module of ``fashionbook`` outside this package imports it (``tests/test_imports.py``
holds that), so an edit here changes no stored result and executes no chapter again.

Sphinx extensions, named in ``_config.yml``:

- ``fashionbook.sphinx.freshness``: executes a chapter again exactly when one of its
  inputs changed, counted as the store of slow results counts them
  (:mod:`fashionbook.dependencies`);
- ``fashionbook.sphinx.offline_mathjax``: serves MathJax with the site;
- ``fashionbook.sphinx.aria_roles``: no ARIA roles deprecated in ARIA 1.2;
- ``fashionbook.sphinx.listing``: ``literalinclude`` shows a function's code and the
  summary of its docstring, not the whole manual (``:docstring: summary``);
- ``fashionbook.sphinx.bokeh_offline``: serves Bokeh's JavaScript with the site, on the
  pages that hold a Bokeh plot.

The workbook generator is ``scripts/workbooks.py`` (``make workbooks``).
"""
