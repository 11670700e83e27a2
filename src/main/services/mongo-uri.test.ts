import { describe, expect, it } from 'vitest';
import { checkMongoUri, joinPassword, redactMongoUri, splitPassword } from './mongo-uri';

describe('mongo-uri', () => {
  it('splits the password out and puts it back', () => {
    const uri = 'mongodb://alice:p%40ss@db1:27017,db2:27017/?replicaSet=rs0&authSource=admin';
    const split = splitPassword(uri);
    expect(split).toEqual({
      uri: 'mongodb://alice@db1:27017,db2:27017/?replicaSet=rs0&authSource=admin',
      password: 'p%40ss',
    });
    expect(joinPassword(split.uri, split.password)).toBe(uri);
    expect(redactMongoUri(uri)).toBe(
      'mongodb://alice:***@db1:27017,db2:27017/?replicaSet=rs0&authSource=admin',
    );
    expect(redactMongoUri(split.uri, true)).toBe(
      'mongodb://alice:***@db1:27017,db2:27017/?replicaSet=rs0&authSource=admin',
    );
  });

  it('leaves URIs without a password alone', () => {
    for (const uri of [
      'mongodb://127.0.0.1:27017/',
      'mongodb+srv://bob@cluster0.example.net/db',
      'mongodb://h/?authMechanism=MONGODB-X509',
    ]) {
      expect(splitPassword(uri)).toEqual({ uri, password: undefined });
      expect(redactMongoUri(uri)).toBe(uri);
      expect(joinPassword(uri, undefined)).toBe(uri);
    }
    expect(splitPassword('mongodb+srv://u:@h/').password).toBe('');
  });

  it('refuses other schemes with a message naming the URI (password hidden)', () => {
    expect(() => checkMongoUri('postgres://u:secret@h/db')).toThrow(
      '"postgres://u:***@h/db" is not a MongoDB URI',
    );
    expect(() => checkMongoUri('mongodb://u:secret@h')).not.toThrow();
    expect(() => checkMongoUri('mongodb://')).toThrow(/must start with mongodb:\/\//);
  });
});
