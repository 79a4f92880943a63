"""fashionbook: the code behind the open textbook "Fashion-MNIST, from pixels to neurons".

The chapters import from these modules and show their source, so the page and the
tested code are the same text. Most modules hold one idea of the book:

- the data: ``data`` (where Fashion-MNIST comes from, how it is checked and prepared),
  with ``idx`` (the format its files are in);
- the models: ``logistic`` (chapter 4), ``network`` (chapter 6), ``backprop`` (chapter
  7, the same network in NumPy), ``softmax`` and ``ten_class_network`` (chapter 9);
- the measurements: ``embedding`` and ``explore`` (chapter 3's map), ``tuning`` and
  ``separability`` (chapter 5), ``comparison`` and ``evaluation`` (chapter 6's fair
  comparison and its intervals), ``diagnostics`` (chapter 8);
- the figures: ``plots``, in the book's own Matplotlib style.

The others serve the chapters: ``checks``, the exercises' self-checks, a module per
chapter; ``store``, which keeps slow results on disk under a key made of what they
depend on, counted by ``dependencies``; ``progress``, a line under a long cell; and
``python -m fashionbook`` (``__main__``), which fetches and verifies the data. The
book's build, its Sphinx extensions, is ``fashionbook.sphinx``: no other module
imports it.
"""

__version__ = "0.1.0"
