# Talks to CUDO Compute.
import os

KEY = os.environ["CUDO_API_KEY"]  # cudoscan:allow
# cudoscan:allow nothing left to suppress here
PROJECT = "demo"
