"""The Finance extraction evaluation: generated receipts with ground truth (`generate.py`)
read through the host's real path (`run.py`): OCR or HTML -> text -> `ai.classify_text`."""
