"""Pictures for readers: crops that follow a focal point (crops.py), resized renditions with
names that change with the picture (renditions.py), made with Pillow (processing.py) on the
first request for each (views.py). Upload checks and metadata removal are in images.py."""
