"""Files shipped inside the package (fonts), found beside this module in a wheel or a frozen exe."""
