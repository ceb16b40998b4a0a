// Entry point placeholder.
print("setboard")
