"""Case proposals (saksforslag): members propose cases, the secretariat accepts or declines."""
