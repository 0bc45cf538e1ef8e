import sys; print("post_copy", sys.argv)
