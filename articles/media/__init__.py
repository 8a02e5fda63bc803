"""Pictures for readers: crops that follow a focal point (crops.py), resized renditions with
names that change with the picture (renditions.py), made with Pillow (processing.py) on the
first request for each (views.py) and pruned when no picture names them (prune()); which
pictures a story body shows (figures.py) and how (body.py); where each is used and the
library's grid (library.py). Upload checks and metadata removal are in images.py."""
